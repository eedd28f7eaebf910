namespace ScriptService.Generation.Offline.Phrasebooks;

/// <summary>
/// The Vietnamese phrasebook ("vi"). Styles, audiences and sections live in the partial files beside this one. The
/// listener is addressed with the pronoun the audience expects (<c>{you}</c>: bạn, các bạn, các em, anh chị, ba mẹ,
/// thầy cô; quý vị in formal style), which is the main thing English gets away without.
/// </summary>
internal static partial class VietnamesePhrasebook
{
    public static Phrasebook Instance { get; } = new()
    {
        Language = "vi",
        OpeningHeading = "Mở đầu",
        ClosingHeading = "Lời kết",
        SourcesHeading = "Nguồn tham khảo",
        TopicBackReference = "chủ đề này",
        ListSeparator = ", ",
        ListLastSeparator = " và ",
        SummarySentence = "Hôm nay chúng ta đã cùng điểm qua {summary}.",
        SourcesNote = "Các nguồn được trích dẫn trong kịch bản được liệt kê ở phần cuối.",
        QuoteCitations =
        [
            "Theo nguồn [{n}]: “{quote}”",
            "Như nguồn [{n}] đã viết: “{quote}”",
            "Nguồn [{n}] nêu rõ: “{quote}”",
        ],
        TitleCitations =
        [
            "Nguồn [{n}], “{source}”, phân tích kỹ hơn về điểm này.",
            "Để tìm hiểu sâu hơn về điểm này, {you} có thể xem nguồn [{n}], “{source}”.",
        ],
        LinkCitations =
        [
            "Nguồn [{n}] phân tích kỹ hơn về điểm này; đường dẫn được liệt kê ở phần cuối.",
            "Để tìm hiểu sâu hơn, {you} có thể xem nguồn [{n}], với đường dẫn ở phần cuối.",
        ],
        FurtherSource = "Nguồn {refs} cung cấp thêm chi tiết về những điểm này.",
        FurtherSources = "Các nguồn {refs} cung cấp thêm chi tiết về những điểm này.",
        UnknownAudienceFor = "dành cho {audience}",
        DescriptionPattern = "{style} về {topic} {for}, lần lượt đi qua {summary}.",
        LengthDescriptions = new Dictionary<ScriptLength, string>
        {
            [ScriptLength.Short] = "Bản ngắn, khoảng một đến hai phút khi đọc thành lời.",
            [ScriptLength.Medium] = "Bản vừa, khoảng ba đến bốn phút khi đọc thành lời.",
            [ScriptLength.Long] = "Bản dài, khoảng sáu đến chín phút khi đọc thành lời.",
        },
        SourceCountOne = "Kịch bản có trích dẫn một nguồn tham khảo, liệt kê ở cuối.",
        SourceCountMany = "Kịch bản có trích dẫn {count} nguồn tham khảo, liệt kê ở cuối.",
        Styles = CreateStyles(),
        Audiences = CreateAudiences(),
        Sections = CreateSections(),
        StyleAliases =
        [
            new("thông tin", ScriptStyle.Informative),
            new("cung cấp thông tin", ScriptStyle.Informative),
            new("giáo dục", ScriptStyle.Informative),
            new("giải thích", ScriptStyle.Informative),
            new("trung lập", ScriptStyle.Informative),
            new("thân mật", ScriptStyle.Casual),
            new("thân thiện", ScriptStyle.Casual),
            new("gần gũi", ScriptStyle.Casual),
            new("trò chuyện", ScriptStyle.Casual),
            new("đời thường", ScriptStyle.Casual),
            new("hài hước", ScriptStyle.Humorous),
            new("vui nhộn", ScriptStyle.Humorous),
            new("dí dỏm", ScriptStyle.Humorous),
            new("vui vẻ", ScriptStyle.Humorous),
            new("trang trọng", ScriptStyle.Formal),
            new("học thuật", ScriptStyle.Formal),
            new("nghiêm túc", ScriptStyle.Formal),
            new("chuyên nghiệp", ScriptStyle.Formal),
            new("truyền cảm hứng", ScriptStyle.Inspirational),
            new("tạo động lực", ScriptStyle.Inspirational),
            new("khích lệ", ScriptStyle.Inspirational),
            new("kể chuyện", ScriptStyle.Storytelling),
            new("tự sự", ScriptStyle.Storytelling),
            new("câu chuyện", ScriptStyle.Storytelling),
        ],
        AudienceAliases =
        [
            new("mọi người", AudienceKind.General),
            new("đại chúng", AudienceKind.General),
            new("phổ thông", AudienceKind.General),
            new("công chúng", AudienceKind.General),
            new("học sinh", AudienceKind.Students),
            new("sinh viên", AudienceKind.Students),
            new("học viên", AudienceKind.Students),
            new("người học", AudienceKind.Students),
            new("trẻ em", AudienceKind.Children),
            new("thiếu nhi", AudienceKind.Children),
            new("trẻ nhỏ", AudienceKind.Children),
            new("các bạn nhỏ", AudienceKind.Children),
            new("chuyên gia", AudienceKind.Professionals),
            new("người đi làm", AudienceKind.Professionals),
            new("doanh nghiệp", AudienceKind.Professionals),
            new("nhân viên", AudienceKind.Professionals),
            new("dân văn phòng", AudienceKind.Professionals),
            new("người mới bắt đầu", AudienceKind.Beginners),
            new("người mới", AudienceKind.Beginners),
            new("mới bắt đầu", AudienceKind.Beginners),
            new("phụ huynh", AudienceKind.Parents),
            new("cha mẹ", AudienceKind.Parents),
            new("bố mẹ", AudienceKind.Parents),
            new("ba mẹ", AudienceKind.Parents),
            new("giáo viên", AudienceKind.Teachers),
            new("thầy cô", AudienceKind.Teachers),
            new("giảng viên", AudienceKind.Teachers),
            new("nhà giáo", AudienceKind.Teachers),
        ],
    };
}
