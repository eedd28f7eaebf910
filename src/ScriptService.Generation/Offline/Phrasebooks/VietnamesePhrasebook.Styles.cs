namespace ScriptService.Generation.Offline.Phrasebooks;

internal static partial class VietnamesePhrasebook
{
    private static Dictionary<ScriptStyle, StylePhrases> CreateStyles() => new()
    {
        [ScriptStyle.Informative] = new StylePhrases
        {
            DescriptionLead = "Kịch bản cung cấp thông tin rõ ràng",
            TitlePatterns = ["{Topic}: những điều cần biết {for}", "Tìm hiểu {topic}: hướng dẫn rõ ràng {for}"],
            Hooks =
            [
                new("Hôm nay, chúng ta sẽ cùng tìm hiểu {topic} một cách rõ ràng, từng bước một.", "Đến cuối phần này, {you} sẽ biết nó là gì, vì sao nó quan trọng và cách vận dụng những điều đã học."),
                new("{You} thực sự hiểu {topic} đến đâu?", "Trong vài phút tới, chúng ta sẽ lần lượt đi qua những điều cốt yếu nhất, mỗi lần một ý."),
            ],
            LeadIns = new Dictionary<SectionKind, Template>
            {
                [SectionKind.Overview] = "Hãy bắt đầu từ những điều cơ bản.",
                [SectionKind.WhyItMatters] = "Vậy vì sao điều này lại quan trọng?",
                [SectionKind.KeyIdeas] = "Giờ là phần cốt lõi của chủ đề.",
                [SectionKind.Misconceptions] = "Tiếp theo, hãy cùng làm rõ một vài hiểu lầm.",
                [SectionKind.Examples] = "Lý thuyết sẽ dễ hiểu hơn nhiều khi có ví dụ.",
                [SectionKind.PracticalSteps] = "Vậy làm thế nào để áp dụng tất cả những điều này?",
                [SectionKind.Challenges] = "Không có chủ đề nào là không có khó khăn.",
                [SectionKind.FutureOutlook] = "Cuối cùng, hãy cùng nhìn về tương lai.",
            },
            Asides =
            [
                "Hãy ghi nhớ điểm này, chúng ta sẽ quay lại với nó sau.",
                "Đây là lúc thích hợp để dừng lại một chút và ghi chép nhanh.",
                "Điểm này tuy nhỏ nhưng sẽ giúp phần tiếp theo dễ hiểu hơn nhiều.",
                "Nếu chỉ nhớ được một điều, hãy nhớ điều này.",
            ],
            Closings = ["Đến đây là kết thúc phần tìm hiểu về {topic}.", "Và đó là {topic}, gói gọn trong vài phút."],
            SignOff = "Cảm ơn {you} đã theo dõi, hẹn gặp lại lần sau.",
        },
        [ScriptStyle.Casual] = new StylePhrases
        {
            DescriptionLead = "Kịch bản giọng văn gần gũi, thân mật",
            TitlePatterns = ["Cùng tám về {topic}: trò chuyện nhẹ nhàng {for}", "{Topic} dễ như ăn kẹo: chuyện trò thân mật {for}"],
            Hooks =
            [
                new("Chào {you}! Hôm nay mình cùng trò chuyện một chút về {topic} nhé.", "Không thuật ngữ rối rắm, không áp lực, chỉ toàn những điều thú vị."),
                new("Nói đến {topic}, chắc {you} đã nghe không ít lần rồi, đúng không?", "Vậy thì mình cùng gỡ rối nó một cách thật nhẹ nhàng nhé."),
            ],
            LeadIns = new Dictionary<SectionKind, Template>
            {
                [SectionKind.Overview] = "Được rồi, mình bắt đầu từ đầu nhé.",
                [SectionKind.WhyItMatters] = "Nhưng nói thật, sao mình phải bận tâm?",
                [SectionKind.KeyIdeas] = "Đây là phần khiến mọi thứ bỗng dưng sáng tỏ.",
                [SectionKind.Misconceptions] = "Rẽ ngang một chút để gỡ vài hiểu lầm nha.",
                [SectionKind.Examples] = "Để mình lấy ví dụ cho dễ hình dung.",
                [SectionKind.PracticalSteps] = "Rồi, giờ mình làm được gì với mấy điều này?",
                [SectionKind.Challenges] = "Mình sẽ không giả vờ là mọi thứ đều dễ đâu.",
                [SectionKind.FutureOutlook] = "Thế còn sắp tới thì sao? Hỏi hay đấy.",
            },
            Asides =
            [
                "Hay ho ghê, đúng không?",
                "Cứ theo mình thêm chút nữa, đoạn sau còn thú vị hơn.",
                "Thấy chưa, đâu có phức tạp lắm.",
                "Nói thật, lần đầu biết điều này mình cũng bất ngờ lắm.",
            ],
            Closings = ["Vậy là xong màn trò chuyện về {topic} rồi!", "Đó, {topic} hóa ra cũng không khó như mình tưởng!"],
            SignOff = "Cảm ơn {you} đã ghé chơi, hẹn gặp lại nha!",
        },
        [ScriptStyle.Humorous] = new StylePhrases
        {
            DescriptionLead = "Kịch bản hài hước, dí dỏm",
            TitlePatterns = ["{Topic} nhưng mà vui: góc nhìn hài hước {for}", "{Topic} không hề nhàm chán: phiên bản vui nhộn {for}"],
            Hooks =
            [
                new("Hãy nói về {topic}, chủ đề nghe thì nghiêm túc cho đến khi {you} nhận ra nó luôn ở ngay trước mắt.", "Chuẩn bị chút đồ ăn vặt nhé, vì chuyện này vui hơn {you} tưởng đấy."),
                new("Nếu {topic} là một nhân vật phim, đó hẳn là người ít nói nhưng hóa ra lại cầm trịch cả câu chuyện.", "Cùng tìm hiểu vì sao nhé, và cố đừng cười to quá."),
            ],
            LeadIns = new Dictionary<SectionKind, Template>
            {
                [SectionKind.Overview] = "Trước hết là phần cơ bản, phần mà ai cũng hứa không bỏ qua, rồi ai cũng bỏ qua.",
                [SectionKind.WhyItMatters] = "Và giờ là câu hỏi triệu đô: quan tâm để làm gì?",
                [SectionKind.KeyIdeas] = "Đến phần ý tưởng lớn rồi, xin vui lòng giữ tràng pháo tay đến cuối.",
                [SectionKind.Misconceptions] = "Cùng phá vài lời đồn nào, chẳng cần đến phòng thí nghiệm.",
                [SectionKind.Examples] = "Đến giờ ví dụ, vì chưa ai từng phấn khích vì một định nghĩa cả.",
                [SectionKind.PracticalSteps] = "Giờ là phần thực hành, phần mà ta giả vờ như nãy giờ vẫn chăm chú lắng nghe.",
                [SectionKind.Challenges] = "Tất nhiên, đời đâu phải lúc nào cũng toàn nắng đẹp và đồ ăn miễn phí.",
                [SectionKind.FutureOutlook] = "Và bây giờ, ghé mắt nhìn tương lai một chút, không cần quả cầu pha lê.",
            },
            Asides =
            [
                "Nếu nãy giờ {you} gật gù theo thì xin chúc mừng, {you} đã chính thức hiểu chuyện hơn cả tính năng tự sửa chính tả trên điện thoại.",
                "Cứ thoải mái kể lại điều này trong bữa cơm gia đình, còn hiệu quả thì tùy nhà.",
                "Và không, sẽ không có bài kiểm tra bất ngờ nào đâu. Chắc vậy.",
                "Ghi lại đi, hoặc ít nhất là giả vờ ghi, như hồi đi học ai cũng từng làm.",
            ],
            Closings = ["Và thế là {topic} đã được giải thích mà không cần một trang chiếu nhàm chán nào. Gần như vậy.", "Xin chúc mừng, giờ {you} đã biết về {topic} nhiều hơn phần lớn mọi người trong một bữa tiệc."],
            SignOff = "Cảm ơn {you} đã theo dõi, và nhớ nhé: luôn tò mò, và uống đủ nước.",
        },
        [ScriptStyle.Formal] = new StylePhrases
        {
            DescriptionLead = "Kịch bản mang giọng văn trang trọng",
            TitlePatterns = ["{Topic}: tổng quan có hệ thống {for}", "Khảo sát về {topic}, biên soạn {for}"],
            Hooks =
            [
                new("Bài trình bày này xem xét {topic}: nền tảng, ý nghĩa và tác động thực tiễn của vấn đề.", "Mục tiêu là cung cấp một cái nhìn tổng quan có hệ thống và chính xác."),
                new("Kính chào {you}. Chủ đề của buổi chia sẻ hôm nay là {topic}.", "Chúng ta sẽ đi lần lượt từ những khái niệm cốt lõi đến các khuyến nghị thực tiễn."),
            ],
            LeadIns = new Dictionary<SectionKind, Template>
            {
                [SectionKind.Overview] = "Trước hết, xin xác định phạm vi của vấn đề.",
                [SectionKind.WhyItMatters] = "Tầm quan trọng của vấn đề này cần được xem xét một cách thận trọng.",
                [SectionKind.KeyIdeas] = "Các nguyên tắc sau đây tạo nên nội dung cốt lõi.",
                [SectionKind.Misconceptions] = "Một số quan niệm sai lầm phổ biến cần được làm rõ.",
                [SectionKind.Examples] = "Các nguyên tắc trên được minh họa rõ nhất qua những trường hợp cụ thể.",
                [SectionKind.PracticalSteps] = "Sau đây là một số khuyến nghị để áp dụng vào thực tiễn.",
                [SectionKind.Challenges] = "Cần thừa nhận những thách thức chủ yếu.",
                [SectionKind.FutureOutlook] = "Để khép lại phần phân tích, chúng ta xem xét các xu hướng trong tương lai.",
            },
            Asides =
            [
                "Điểm này sẽ được nhắc lại trong phần kết luận.",
                "Hệ quả của nhận định này là rất đáng kể.",
                "Sự phân biệt này có ý nghĩa then chốt đối với các nội dung tiếp theo.",
                "Điểm này cần được nhấn mạnh, bởi nó thường bị bỏ qua.",
            ],
            Closings = ["Phần trình bày về {topic} xin được khép lại tại đây.", "Tóm lại, {topic} là vấn đề xứng đáng được nghiên cứu một cách nghiêm túc và có hệ thống."],
            SignOff = "Xin trân trọng cảm ơn sự chú ý của {you}.",
        },
        [ScriptStyle.Inspirational] = new StylePhrases
        {
            DescriptionLead = "Kịch bản truyền cảm hứng",
            TitlePatterns = ["Khám phá {topic}: hành trình truyền cảm hứng {for}", "{Topic} và bạn: nguồn cảm hứng {for}"],
            Hooks =
            [
                new("Mọi thay đổi lớn đều bắt đầu từ một quyết định tìm hiểu, và hôm nay, hãy bắt đầu với {topic}.", "Hãy cùng nhau bước những bước đầu tiên."),
                new("Hãy tưởng tượng những gì có thể xảy ra khi {you} thực sự hiểu {topic}.", "Chính khả năng ấy là nơi hành trình của chúng ta bắt đầu hôm nay."),
            ],
            LeadIns = new Dictionary<SectionKind, Template>
            {
                [SectionKind.Overview] = "Mọi hành trình đều bắt đầu từ việc biết mình đang đứng ở đâu.",
                [SectionKind.WhyItMatters] = "Đây là lý do điều này quan trọng hơn {you} nghĩ.",
                [SectionKind.KeyIdeas] = "Những ý tưởng này có thể thay đổi cách {you} nhìn thế giới.",
                [SectionKind.Misconceptions] = "Hãy buông bỏ những lầm tưởng đang níu chân rất nhiều người.",
                [SectionKind.Examples] = "Mỗi ngày, có những con người thật đang chứng minh rằng điều này là có thể.",
                [SectionKind.PracticalSteps] = "Giờ là lúc biến hiểu biết thành hành động.",
                [SectionKind.Challenges] = "Đúng vậy, sẽ có trở ngại, và {you} hoàn toàn có thể vượt qua.",
                [SectionKind.FutureOutlook] = "Tương lai thuộc về những người không ngừng học hỏi.",
            },
            Asides =
            [
                "Những bước nhỏ, lặp lại mỗi ngày, sẽ thành kết quả lớn.",
                "{You} có nhiều khả năng hơn {you} nghĩ.",
                "Chuyên gia nào cũng từng là người mới bắt đầu.",
                "Điều {you} làm với hiểu biết này mới là nơi câu chuyện thật sự bắt đầu.",
            ],
            Closings = ["Hiểu về {topic} không phải là vạch đích, mà là vạch xuất phát.", "Giờ đây {you} đã có một bức tranh rõ ràng hơn về {topic}, và không ai có thể lấy đi điều đó."],
            SignOff = "Hãy tiếp tục tiến bước, bước tiếp theo của {you} bắt đầu ngay bây giờ.",
        },
        [ScriptStyle.Storytelling] = new StylePhrases
        {
            DescriptionLead = "Kịch bản theo lối kể chuyện",
            TitlePatterns = ["Lan và {topic}: một câu chuyện {for}", "Chuyện kể về {topic} {for}"],
            Hooks =
            [
                new("Lan nghe nhắc đến {topic} đã nhiều năm, nhưng chưa từng nghĩ nó liên quan đến mình.", "Rồi vào một buổi chiều bình thường, một câu hỏi nhỏ đã khiến cô thay đổi suy nghĩ."),
                new("Hãy để tôi kể về Lan, một cô gái tò mò quyết định tìm hiểu xem {topic} thực sự là gì.", "Hành trình của cô cũng giống như hành trình mà chúng ta sắp bắt đầu."),
            ],
            LeadIns = new Dictionary<SectionKind, Template>
            {
                [SectionKind.Overview] = "Bước đầu tiên của Lan đơn giản là tìm hiểu xem chủ đề này thực sự nói về điều gì.",
                [SectionKind.WhyItMatters] = "Chẳng bao lâu, Lan nhận ra vì sao nó quan trọng, không chỉ với giới chuyên môn mà với chính cô.",
                [SectionKind.KeyIdeas] = "Càng đọc, Lan càng thấy có ba ý tưởng cứ lặp đi lặp lại.",
                [SectionKind.Misconceptions] = "Trên đường tìm hiểu, Lan phát hiện ra có những điều cô từng tin hóa ra lại sai.",
                [SectionKind.Examples] = "Rồi cô bắt đầu nhận ra nó ngay trong cuộc sống của mình.",
                [SectionKind.PracticalSteps] = "Biết thôi là chưa đủ, nên Lan quyết định hành động.",
                [SectionKind.Challenges] = "Tất nhiên, con đường của cô không hề bằng phẳng.",
                [SectionKind.FutureOutlook] = "Khi nhìn về phía trước, Lan cảm thấy một điều mới mẻ: sự tự tin.",
            },
            Asides =
            [
                "Lan ghi lại ý nghĩ ấy vào cuốn sổ nhỏ của mình.",
                "Cô mỉm cười, mọi thứ bắt đầu trở nên có lý.",
                "Từng mảnh ghép dần dần rơi vào đúng chỗ.",
                "Cô nóng lòng muốn kể cho bạn bè nghe.",
            ],
            Closings = ["Câu chuyện của Lan với {topic} chưa dừng lại ở đó, và câu chuyện của {you} cũng vậy.", "Đến cuối hành trình, {topic} không còn là điều bí ẩn với Lan nữa."],
            SignOff = "Và câu chuyện hôm nay xin được dừng lại ở đây.",
        },
    };
}
