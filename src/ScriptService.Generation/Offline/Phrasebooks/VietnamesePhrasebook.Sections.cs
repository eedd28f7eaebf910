namespace ScriptService.Generation.Offline.Phrasebooks;

internal static partial class VietnamesePhrasebook
{
    // Section text stays neutral in tone; the topic appears in frames such as "về {topic}" that read naturally
    // whatever noun phrase the client sends.
    private static Dictionary<SectionKind, SectionPhrases> CreateSections() => new()
    {
        [SectionKind.Overview] = new SectionPhrases
        {
            Heading = "Thực chất chủ đề này là gì",
            Summary = "chủ đề này thực sự bao gồm những gì",
            Lead = "Về cốt lõi, {topic} xoay quanh một vài ý tưởng gắn kết với nhau, và khi thấy được mối liên hệ giữa chúng, {you} sẽ thấy cả chủ đề dễ hiểu hơn nhiều.",
            Units =
            [
                "Một cách tiếp cận hữu ích là đặt ra ba câu hỏi đơn giản: nó bắt nguồn từ đâu, nó vận hành thế nào trong thực tế, và nó ảnh hưởng đến ai?",
                "Hãy ghi nhớ ba câu hỏi này, vì mỗi phần tiếp theo đều trả lời ít nhất một trong số đó.",
                "Nhiều người chỉ biết đến {topic} qua những mảnh rời rạc, một bản tin chỗ này, một câu chuyện chỗ kia, mà chưa từng nhìn thấy bức tranh toàn cảnh.",
                "Sắp xếp những mảnh ghép ấy cho đúng trật tự chính là việc chúng ta làm hôm nay, và điều cần có chỉ là một chút tò mò cùng sự kiên nhẫn.",
            ],
        },
        [SectionKind.WhyItMatters] = new SectionPhrases
        {
            Heading = "Vì sao điều này quan trọng",
            Summary = "vì sao chủ đề này quan trọng",
            Lead = "{Topic} đáng được quan tâm vì nó gắn với cuộc sống hằng ngày nhiều hơn ta vẫn nghĩ.",
            Units =
            [
                "{motivation}",
                "Khi được hiểu đúng, nó giúp ta lựa chọn sáng suốt hơn; khi bị hiểu sai, những sai lầm nhỏ sẽ âm thầm tích tụ.",
                "Chủ đề này còn liên quan đến nhiều lĩnh vực khác, nên những gì {you} học hôm nay thường sẽ hữu ích ở những nơi không ngờ tới.",
                "Và vì nó luôn thay đổi, một nền tảng vững chắc hôm nay sẽ giúp {you} đọc hiểu tin tức ngày mai dễ dàng hơn nhiều.",
            ],
        },
        [SectionKind.KeyIdeas] = new SectionPhrases
        {
            Heading = "Ba ý tưởng then chốt",
            Summary = "ba ý tưởng then chốt",
            Lead = "Ba ý tưởng then chốt giúp hiểu rõ {topic}: tính hệ thống, quan hệ nhân quả và sự đánh đổi.",
            Units =
            [
                "Thứ nhất là tính hệ thống: các thành phần tác động qua lại, nên thay đổi một phần sẽ kéo theo những phần còn lại.",
                "Thứ hai là quan hệ nhân quả: hãy luôn hỏi điều gì dẫn đến điều gì, và hệ quả xuất hiện nhanh hay chậm.",
                "Thứ ba là sự đánh đổi: hầu như mọi lựa chọn đều đi kèm cả lợi ích lẫn cái giá phải trả, và nhìn thấy cả hai mặt chính là dấu hiệu của hiểu biết thật sự.",
                "Chỉ cần nhớ ba ý tưởng này, {you} đã có trong tay một tấm bản đồ mà nhiều người chưa từng vẽ ra.",
                "Hãy thử diễn đạt lại từng ý bằng lời của chính mình; nếu giải thích được một cách đơn giản, nghĩa là {you} đã thật sự hiểu.",
            ],
        },
        [SectionKind.Misconceptions] = new SectionPhrases
        {
            Heading = "Những hiểu lầm thường gặp",
            Summary = "những hiểu lầm thường gặp",
            Lead = "Hiểu lầm phổ biến đầu tiên là cho rằng {topic} chỉ dành cho giới chuyên môn, trong khi những điều cơ bản thì ai cũng có thể nắm được.",
            Units =
            [
                "Hiểu lầm thứ hai là nghĩ rằng câu hỏi nào cũng có một đáp án duy nhất; thực tế, câu trả lời thường phụ thuộc vào hoàn cảnh.",
                "Hiểu lầm thứ ba là tin rằng điều đúng từ mười năm trước thì hôm nay vẫn đúng, dù hiểu biết và bằng chứng luôn thay đổi.",
                "Những hiểu lầm này không phải do cẩu thả; chúng lan truyền vì đơn giản và dễ nhắc lại.",
                "Một thói quen tốt là luôn hỏi xem thông tin đến từ đâu và bằng chứng đằng sau có còn cập nhật hay không.",
            ],
        },
        [SectionKind.Examples] = new SectionPhrases
        {
            Heading = "Nhìn kỹ hơn qua ví dụ",
            Summary = "một vài ví dụ cụ thể",
            // The scenario is part of the lead: a section that promises a situation must always show one.
            Lead = "Ý tưởng sẽ rõ ràng hơn khi ta thấy chúng vận hành, vậy hãy cùng xem {topic} trong một tình huống thực tế. {example} {example2}",
            Units =
            [
                "Hãy để ý cách ba ý tưởng then chốt lại xuất hiện: các thành phần tác động lẫn nhau, nguyên nhân dẫn đến hệ quả, và lựa chọn nào cũng có đánh đổi.",
                "Một khi đã bắt đầu để ý, {you} sẽ thấy những ví dụ như vậy ở khắp mọi nơi.",
            ],
        },
        [SectionKind.PracticalSteps] = new SectionPhrases
        {
            Heading = "Áp dụng vào thực tế",
            Summary = "cách áp dụng vào thực tế",
            Lead = "Cách tốt nhất để vận dụng những gì {you} biết về {topic} {context} là bắt đầu từ việc nhỏ: chọn một ý trong phần hôm nay và tìm nó trong trải nghiệm của chính mình.",
            Units =
            [
                "{tip}",
                "{tip2}",
                "Sau đó, hãy ghi lại những gì {you} nhận thấy, vì viết ra giúp những ấn tượng mơ hồ trở thành hiểu biết thật sự.",
                "Lúc đầu, tiến bộ có thể chậm, và điều đó hoàn toàn bình thường; nỗ lực đều đặn luôn hiệu quả hơn những lần cố gắng thất thường.",
            ],
        },
        [SectionKind.Challenges] = new SectionPhrases
        {
            Heading = "Thách thức và giới hạn",
            Summary = "những thách thức chính",
            Lead = "Sẽ là thiếu sót nếu nói về {topic} mà bỏ qua những khó khăn: thông tin liên quan có thể chưa đầy đủ hoặc mâu thuẫn nhau, và nguồn đáng tin cậy nhất không phải lúc nào cũng là nguồn ồn ào nhất.",
            Units =
            [
                "Ngoài ra còn có những giới hạn thực tế như thời gian, chi phí và thói quen, khiến những dự định tốt khó đi đến cùng.",
                "Không thách thức nào là lý do để bỏ cuộc; chúng chỉ là địa hình mà {you} cần biết trước khi lên đường.",
                "Gọi tên rõ ràng một khó khăn thường là bước đầu tiên để giải quyết nó.",
            ],
        },
        [SectionKind.FutureOutlook] = new SectionPhrases
        {
            Heading = "Nhìn về phía trước",
            Summary = "xu hướng trong tương lai",
            Lead = "Trong thời gian tới, {topic} nhiều khả năng sẽ còn tiếp tục thay đổi khi có thêm công cụ mới, nghiên cứu mới và những câu hỏi mới.",
            Units =
            [
                "Người được lợi nhiều nhất sẽ là những ai không ngừng học hỏi, thay vì nghĩ rằng mình đã biết đủ.",
                "Vì thế, xây dựng một nền tảng vững chắc quan trọng hơn nhiều so với việc ghi nhớ một dữ kiện riêng lẻ.",
                "Hãy theo dõi những nguồn tin đáng tin cậy và thỉnh thoảng xem lại hiểu biết của mình.",
                "Điều hôm nay còn có vẻ cao siêu thì ngày mai rất có thể đã trở thành kiến thức phổ thông.",
            ],
        },
    };
}
