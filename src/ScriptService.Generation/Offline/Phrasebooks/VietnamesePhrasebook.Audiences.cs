namespace ScriptService.Generation.Offline.Phrasebooks;

internal static partial class VietnamesePhrasebook
{
    private static Dictionary<AudienceKind, AudiencePhrases> CreateAudiences() => new()
    {
        [AudienceKind.General] = new AudiencePhrases
        {
            Address = "bạn",
            FormalAddress = "quý vị",
            Label = "mọi người",
            For = "dành cho mọi người",
            Context = "trong cuộc sống hằng ngày",
            Promise = "Dù {you} là ai, {you} cũng sẽ có được một bức tranh rõ ràng và vài ý tưởng có thể áp dụng ngay.",
            Motivation = "Với hầu hết chúng ta, nó âm thầm chạm đến nếp sống hằng ngày, từ những tin tức ta đọc đến các lựa chọn trong gia đình.",
            Example =
            [
                "Hãy hình dung một tuần bình thường: một bản tin, một cuộc trò chuyện với bạn bè và một quyết định nhỏ khi đi chợ, khoảnh khắc nào cũng ít nhiều liên quan đến {topic}.",
                "Nhìn kỹ những khoảnh khắc ấy, ta sẽ thấy các ý tưởng then chốt hiện ra rất rõ trong đời sống hằng ngày.",
            ],
            Tips =
            [
                "Mỗi tuần, hãy dành mười phút đọc một bài viết đáng tin cậy về chủ đề này.",
                "Hãy trò chuyện về nó với bạn bè hoặc người thân, vì một góc nhìn khác thường giúp ta phát hiện ra điều mới.",
            ],
            CallToAction = "Nếu thấy hữu ích, hãy chia sẻ với một người cũng có thể quan tâm, và cho chúng tôi biết {you} muốn tìm hiểu phần nào tiếp theo.",
        },
        [AudienceKind.Students] = new AudiencePhrases
        {
            Address = "các bạn",
            FormalAddress = "các bạn",
            Label = "học sinh, sinh viên",
            For = "dành cho học sinh, sinh viên",
            Context = "trong học tập",
            Promise = "Dù đang ôn thi hay chỉ đơn giản là tò mò, đây sẽ là một nền tảng vững chắc để {you} phát triển thêm.",
            Motivation = "Với học sinh, sinh viên, chủ đề này xuất hiện trong bài giảng, dự án và kỳ thi, và nắm vững nó cũng giúp các môn liên quan trở nên dễ hơn.",
            Example =
            [
                "Hãy tưởng tượng một dự án nhóm về {topic}: nhóm của {you} có năm phút để giải thích nó cho cả lớp.",
                "Những nhóm làm tốt nhất thường bắt đầu từ các ý tưởng then chốt, rồi chọn một ví dụ thật sinh động cho mỗi ý.",
            ],
            Tips =
            [
                "Hãy tóm tắt mỗi phần trong vở ghi bằng đúng một câu, rồi tự kiểm tra lại mà không nhìn vở.",
                "Hãy lập một nhóm học nhỏ và lần lượt thay nhau giải thích từng ý.",
            ],
            CallToAction = "Hãy thử giải thích những ý hôm nay cho một người bạn cùng lớp, và mang câu hỏi của {you} đến buổi học tới.",
        },
        [AudienceKind.Children] = new AudiencePhrases
        {
            Address = "các em",
            FormalAddress = "các em",
            Label = "các bạn nhỏ",
            For = "dành cho các bạn nhỏ",
            Context = "ở nhà và ở trường",
            Promise = "Chúng ta sẽ tìm hiểu thật đơn giản, thật vui, với nhiều điều {you} có thể tự mình thử.",
            Motivation = "Ngay cả với các bạn nhỏ, điều này cũng quan trọng, vì nó là một phần của thế giới mà {you} nhìn thấy mỗi ngày.",
            Example =
            [
                "Hãy nghĩ về một ngày của {you}: lúc ăn sáng, trên đường đến trường hay khi chơi với bạn bè, có thể {you} đã gặp {topic} mà không hề hay biết.",
                "Trở thành một thám tử nhỏ đi tìm những điều như vậy là một cách học rất vui.",
            ],
            Tips =
            [
                "Hãy vẽ một bức tranh về điều {you} học được hôm nay và khoe với người thân trong nhà.",
                "Tối nay, hãy hỏi bố mẹ một câu về chủ đề này và xem mọi người trả lời thế nào.",
            ],
            CallToAction = "Hãy kể cho một người bạn hoặc người thân nghe một điều mới mà {you} học được hôm nay nhé!",
        },
        [AudienceKind.Professionals] = new AudiencePhrases
        {
            Address = "anh chị",
            FormalAddress = "quý vị",
            Label = "người đi làm và chuyên gia",
            For = "dành cho người đi làm",
            Context = "trong công việc",
            Promise = "Trọng tâm là những gì thực sự hiệu quả trong thực tế và có thể áp dụng ngay vào công việc.",
            Motivation = "Với người đi làm, nó tác động đến các quyết định, rủi ro và cơ hội, và một góc nhìn rõ ràng về nó là lợi thế thực sự.",
            Example =
            [
                "Hãy xem xét một nhóm đang cân nhắc {topic} sẽ ảnh hưởng thế nào đến kế hoạch quý tới.",
                "Những nhóm xuất phát từ nguyên tắc rõ ràng và biết kiểm tra lại giả định của mình thường ra quyết định nhanh hơn và chắc chắn hơn.",
            ],
            Tips =
            [
                "Hãy chọn một dự án hiện tại và ghi lại những chỗ mà các ý tưởng then chốt đã được áp dụng.",
                "Chia sẻ một bản tóm tắt ngắn với nhóm và thống nhất một thay đổi cụ thể để thử nghiệm.",
            ],
            CallToAction = "Hãy mang một ý tưởng từ hôm nay vào cuộc họp tiếp theo của {you} và xem điều gì thay đổi.",
        },
        [AudienceKind.Beginners] = new AudiencePhrases
        {
            Address = "bạn",
            FormalAddress = "quý vị",
            Label = "người mới bắt đầu",
            For = "dành cho người mới bắt đầu",
            Context = "khi mới bắt đầu",
            Promise = "Không cần kiến thức nền, chúng ta sẽ xây dựng mọi thứ từ con số không.",
            Motivation = "Với người mới bắt đầu, một nền tảng rõ ràng sẽ giúp tránh được rất nhiều bối rối về sau.",
            Example =
            [
                "Hãy hình dung một người chưa biết gì về {topic} và chỉ có một buổi chiều rảnh để tìm hiểu.",
                "Nếu đi lần lượt theo các ý tưởng then chốt, đến tối họ đã có thể giải thích những điều cơ bản cho một người bạn.",
            ],
            Tips =
            [
                "Mỗi ngày, hãy học một thuật ngữ mới và thử dùng nó trong một câu của riêng mình.",
                "Đừng ngại mắc lỗi, vì mỗi lỗi sai đều cho {you} biết cần học gì tiếp theo.",
            ],
            CallToAction = "Hãy chọn một bước nhỏ từ hôm nay và thực hiện nó trong tuần này, {you} sẽ bất ngờ vì mình tiến bộ nhanh đến thế nào.",
        },
        [AudienceKind.Parents] = new AudiencePhrases
        {
            Address = "ba mẹ",
            FormalAddress = "quý phụ huynh",
            Label = "phụ huynh",
            For = "dành cho phụ huynh",
            Context = "trong gia đình",
            Promise = "{You} sẽ có thêm những cách đơn giản để giải thích và cùng con khám phá chủ đề này.",
            Motivation = "Với phụ huynh, đây là một phần của thế giới mà con đang lớn lên, và sớm muộn gì con cũng sẽ hỏi {you} về nó.",
            Example =
            [
                "Hãy tưởng tượng con hỏi về {topic} ngay trong bữa cơm tối.",
                "Thay vì giảng giải thật dài, {you} có thể bắt đầu bằng một ý tưởng then chốt và hỏi lại con: con nghĩ sao?",
            ],
            Tips =
            [
                "Hãy cùng con tìm hiểu qua một cuốn sách, một buổi đi dạo hay một đoạn phim ngắn, rồi trò chuyện về nó.",
                "Hãy để con dạy lại cho {you} một điều con vừa học, vì điều đó vừa củng cố kiến thức vừa giúp con tự tin hơn.",
            ],
            CallToAction = "Tuần này, hãy bắt đầu một cuộc trò chuyện về chủ đề này ở nhà, và để sự tò mò dẫn đường.",
        },
        [AudienceKind.Teachers] = new AudiencePhrases
        {
            Address = "thầy cô",
            FormalAddress = "quý thầy cô",
            Label = "giáo viên",
            For = "dành cho thầy cô",
            Context = "trong lớp học",
            Promise = "{You} sẽ có một khung nội dung có thể điều chỉnh cho bài giảng của riêng mình.",
            Motivation = "Với giáo viên, đây là chất liệu phong phú cho những bài học gắn kiến thức với đời sống thực của học sinh.",
            Example =
            [
                "Hãy hình dung một tiết học mở đầu bằng một câu hỏi về {topic} thay vì một định nghĩa.",
                "Khi được đoán và thảo luận trước, học sinh thường nhớ các ý tưởng then chốt lâu hơn nhiều.",
            ],
            Tips =
            [
                "Hãy mở đầu tiết học tới bằng một câu hỏi gắn với đời sống và để học sinh đề xuất câu trả lời trước.",
                "Kết thúc bằng một phút suy ngẫm, khi mỗi học sinh viết ra ý mà các em thấy hữu ích nhất.",
            ],
            CallToAction = "Hãy điều chỉnh một phần của kịch bản này cho tiết học tới, và chia sẻ với đồng nghiệp những gì hiệu quả.",
        },
    };
}
