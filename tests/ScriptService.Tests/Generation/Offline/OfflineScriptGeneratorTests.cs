using ScriptService.Generation;
using ScriptService.Generation.Offline;
using static ScriptService.Tests.Generation.Offline.OfflineTestData;

namespace ScriptService.Tests.Generation.Offline;

public sealed class OfflineScriptGeneratorTests
{
    private readonly OfflineScriptGenerator _generator = new();

    [Theory]
    [InlineData("en", "short")]
    [InlineData("en", "long")]
    [InlineData("vi", "medium")]
    public async Task GenerateAsync_SameRequestTwice_ReturnsIdenticalScript(string language, string length)
    {
        var request = Request(TopicsFor(language)[1], language, length, "storytelling", "students", ["A first source with enough words in it to be quoted as a passage by the script."]);

        var first = await _generator.GenerateAsync(request, new RecordingProgress(), CancellationToken.None);
        var second = await new OfflineScriptGenerator().GenerateAsync(request with { JobId = "another-job", UserId = null }, new RecordingProgress(), CancellationToken.None);

        Assert.Equal(first, second);
    }

    [Fact]
    public void GenerateAsync_DifferentStyles_ReturnDifferentScripts()
    {
        var scripts = new HashSet<string>(StringComparer.Ordinal);
        foreach (var style in new[] { "informative", "casual", "humorous", "formal", "inspirational", "storytelling" })
        {
            Assert.True(scripts.Add(Generate(Request(style: style)).Script), style);
        }
    }

    [Theory]
    [InlineData("en", "climate change")]
    [InlineData("en", "Personal finance for young adults")]
    [InlineData("vi", "biến đổi khí hậu")]
    [InlineData("vi", "Lịch sử Phở Hà Nội")]
    public void GenerateAsync_AnyLengthAndStyle_TitleDescriptionAndBodyMentionTopic(string language, string topic)
    {
        foreach (var length in Lengths)
        {
            foreach (var style in Styles)
            {
                var script = Generate(Request(topic, language, length, style, "students"));

                Assert.Contains(topic, script.Title, StringComparison.OrdinalIgnoreCase);
                Assert.Contains(topic, script.Description, StringComparison.OrdinalIgnoreCase);
                Assert.Contains(topic, script.Script, StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    [Fact]
    public void GenerateAsync_AnyRequest_BodyHasOpeningSectionsAndClose()
    {
        foreach (var language in Languages)
        {
            foreach (var length in Lengths)
            {
                var script = Generate(Request(TopicsFor(language)[0], language, length)).Script;
                var headings = script.Split('\n').Count(line => line.StartsWith("## ", StringComparison.Ordinal));

                var sections = ScriptLengthProfile.For(ParseLength(length)).Sections.Count;
                Assert.True(sections >= 3);
                Assert.Equal(sections + 2, headings);
                Assert.DoesNotContain("{", script, StringComparison.Ordinal);
                Assert.DoesNotContain("TODO", script, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("lorem", script, StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    [Fact]
    public void GenerateAsync_Vietnamese_UsesDiacriticsAndNoEnglishTemplateWords()
    {
        foreach (var length in Lengths)
        {
            foreach (var style in Styles)
            {
                foreach (var audience in new[] { "general", "học sinh", "trẻ em", "chuyên gia", "người mới bắt đầu", "phụ huynh", "giáo viên", "thợ làm bánh" })
                {
                    var script = Generate(Request("biến đổi khí hậu", "vi", length, style, audience, ["Sách giáo khoa Địa lý lớp 10"]));

                    foreach (var text in new[] { script.Title, script.Description, script.Script })
                    {
                        var words = WordsOf(text).ToList();
                        var english = words.Where(EnglishWords.Contains).ToList();
                        Assert.True(english.Count == 0, $"English words [{string.Join(", ", english)}] in: {text}");

                        var accented = words.Count(word => word.AsSpan().IndexOfAny(VietnameseLetters) >= 0);
                        Assert.True(accented * 3 > words.Count, $"Too few Vietnamese diacritics ({accented}/{words.Count}) in: {text}");
                    }
                }
            }
        }
    }

    [Fact]
    public void GenerateAsync_English_HasNoVietnameseOrOtherNonEnglishLetters()
    {
        foreach (var length in Lengths)
        {
            foreach (var style in Styles)
            {
                foreach (var audience in Audiences)
                {
                    var script = Generate(Request("climate change", "en", length, style, audience, ["Climate Science for Beginners"]));

                    foreach (var text in new[] { script.Title, script.Description, script.Script })
                    {
                        var foreign = text.Where(c => c > 127 && "“”‘’—–…".IndexOf(c, StringComparison.Ordinal) < 0).ToArray();
                        Assert.True(foreign.Length == 0, $"Unexpected characters [{new string(foreign)}] in: {text}");
                    }
                }
            }
        }
    }

    [Theory]
    [InlineData("en")]
    [InlineData("vi")]
    public void GenerateAsync_WithSources_CitesEachInBodyAndListsThemAtEnd(string language)
    {
        string[] sources =
        [
            language == "vi"
                ? "Nhiệt độ trung bình toàn cầu đã tăng khoảng 1,1 độ C so với thời kỳ tiền công nghiệp. Điều này kéo theo nhiều hệ quả."
                : "Global average temperature has risen by about 1.1 degrees Celsius since pre-industrial times. This has many consequences.",
            "IPCC Sixth Assessment Report",
            "https://example.org/climate/basics",
        ];

        foreach (var length in Lengths)
        {
            var script = Generate(Request(TopicsFor(language)[0], language, length, sources: sources)).Script;
            var body = BodyOf(script, language);
            var references = ReferencesOf(script, language);

            Assert.NotNull(references);
            Assert.Contains(language == "vi" ? "“Nhiệt độ trung bình toàn cầu" : "“Global average temperature", body, StringComparison.Ordinal);
            for (var n = 1; n <= sources.Length; n++)
            {
                Assert.Contains($"[{n}]", body, StringComparison.Ordinal);
                Assert.Contains($"\n[{n}] ", references, StringComparison.Ordinal);
            }

            Assert.Contains("[2] IPCC Sixth Assessment Report", references, StringComparison.Ordinal);
            Assert.Contains("[3] https://example.org/climate/basics", references, StringComparison.Ordinal);
            Assert.DoesNotContain("[4]", script, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("en", "As source [1] puts it: “")]
    [InlineData("vi", "Theo nguồn [1]: “")]
    public void GenerateAsync_PassageSource_QuotesItsFirstSentence(string language, string citation)
    {
        var passage = language == "vi"
            ? "Phở xuất hiện ở Nam Định vào đầu thế kỷ hai mươi và nhanh chóng lan ra Hà Nội. Sau đó nó đi khắp cả nước."
            : "Pho appeared in Nam Dinh in the early twentieth century and quickly spread to Hanoi. Later it spread nationwide.";

        var script = Generate(Request(TopicsFor(language)[0], language, "medium", sources: [passage])).Script;

        var firstSentence = passage[..(passage.IndexOf('.', StringComparison.Ordinal) + 1)];
        Assert.Contains(citation + firstSentence + "”", BodyOf(script, language), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en")]
    [InlineData("vi")]
    public void GenerateAsync_NoOrBlankSources_HasNoCitationsOrSourceSection(string language)
    {
        foreach (var sources in new[] { Array.Empty<string>(), ["", "   ", "\n"] })
        {
            var script = Generate(Request(TopicsFor(language)[0], language, "long", sources: sources));

            Assert.Null(ReferencesOf(script.Script, language));
            Assert.DoesNotContain("[1]", script.Script, StringComparison.Ordinal);
            Assert.DoesNotContain(language == "vi" ? "nguồn" : "source", script.Description, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Theory]
    [InlineData("en", "It quotes 3 sources")]
    [InlineData("vi", "trích dẫn 3 nguồn")]
    public void GenerateAsync_WithSources_DescriptionSaysHowMany(string language, string expected)
    {
        var script = Generate(Request(TopicsFor(language)[0], language, sources: ["One", "Two", "Three"]));

        Assert.Contains(expected, script.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateAsync_Completes_ReportsNamedStagesInIncreasingOrderEndingAt100()
    {
        var progress = new RecordingProgress();

        await _generator.GenerateAsync(Request(), progress, CancellationToken.None);

        Assert.Equal(
            [new("outline", 20), new("draft", 60), new("polish", 90), new("done", 100)],
            progress.Reports);
    }

    [Fact]
    public async Task GenerateAsync_TokenAlreadyCancelled_ReturnsCanceledTaskWithoutProgress()
    {
        var progress = new RecordingProgress();

        var task = _generator.GenerateAsync(Request(), progress, new CancellationToken(canceled: true));

        Assert.True(task.IsCanceled);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task);
        Assert.Empty(progress.Reports);
    }

    [Theory]
    [InlineData("outline")]
    [InlineData("draft")]
    [InlineData("polish")]
    public async Task GenerateAsync_CancelledDuringStage_StopsBeforeNextStage(string stage)
    {
        using var cancellation = new CancellationTokenSource();
        var progress = new RecordingProgress(report =>
        {
            if (report.Stage == stage)
            {
                cancellation.Cancel();
            }
        });

        var task = _generator.GenerateAsync(Request(length: "long"), progress, cancellation.Token);

        var exception = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task);
        Assert.Equal(cancellation.Token, exception.CancellationToken);
        Assert.Equal(stage, progress.Reports[^1].Stage);
    }

    [Theory]
    [InlineData("jazz-noir")]
    [InlineData("")]
    [InlineData(null)]
    public void GenerateAsync_UnknownOrMissingStyle_WritesInformativeScript(string? style)
    {
        var informative = Generate(Request(style: "informative"));

        var script = Generate(Request(style: style));

        Assert.Equal(informative, script);
    }

    [Theory]
    [InlineData("en", "marine biologists", "for marine biologists")]
    [InlineData("vi", "thợ làm bánh", "dành cho thợ làm bánh")]
    public void GenerateAsync_UnknownAudience_NamesItInTitleAndDescription(string language, string audience, string expected)
    {
        var script = Generate(Request(TopicsFor(language)[0], language, "medium", "casual", audience));

        Assert.Contains(expected, script.Title, StringComparison.Ordinal);
        Assert.Contains(expected, script.Description, StringComparison.Ordinal);
        Assert.InRange(Words(script.Script), ScriptWordRanges.MediumMinWords, ScriptWordRanges.MediumMaxWords);
    }

    [Theory]
    [InlineData("en", "Story-Telling!", "Maya")]
    [InlineData("en", "kể chuyện", "Maya")]
    [InlineData("vi", "storytelling", "Lan")]
    public void GenerateAsync_StyleInEitherLanguageOrSpelling_IsRecognised(string language, string style, string character)
    {
        var script = Generate(Request(TopicsFor(language)[0], language, style: style));

        Assert.Contains(character, script.Script, StringComparison.Ordinal);
    }

    [Fact]
    public void GenerateAsync_VietnameseAudiences_AddressListenerAccordingly()
    {
        Assert.Contains("các em", Generate(Request("trí tuệ nhân tạo", "vi", "medium", "casual", "children")).Script, StringComparison.Ordinal);
        Assert.Contains("anh chị", Generate(Request("trí tuệ nhân tạo", "vi", "medium", "casual", "professionals")).Script, StringComparison.Ordinal);
        Assert.Contains("quý vị", Generate(Request("trí tuệ nhân tạo", "vi", "medium", "formal", "general")).Script, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("EN")]
    [InlineData("vi-VN")]
    public void GenerateAsync_LanguageWithCaseOrRegion_IsAccepted(string language)
    {
        var script = Generate(Request(language.StartsWith("vi", StringComparison.Ordinal) ? "biến đổi khí hậu" : "climate change", language));

        Assert.InRange(Words(script.Script), ScriptWordRanges.ShortMinWords, ScriptWordRanges.ShortMaxWords);
    }

    [Fact]
    public async Task GenerateAsync_UnsupportedLanguage_FailsWithClientSafeError()
    {
        var task = _generator.GenerateAsync(Request(language: "fr"), new RecordingProgress(), CancellationToken.None);

        var exception = await Assert.ThrowsAsync<ScriptGenerationException>(() => task);
        Assert.Contains("en, vi", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("“…”")]
    public async Task GenerateAsync_TopicWithoutText_FailsWithClientSafeError(string topic)
    {
        var task = _generator.GenerateAsync(Request(topic), new RecordingProgress(), CancellationToken.None);

        await Assert.ThrowsAsync<ScriptGenerationException>(() => task);
    }

    [Fact]
    public void GenerateAsync_TopicWithBracesAndNewlines_IsEmbeddedVerbatimOnOneLine()
    {
        var script = Generate(Request("the {you} placeholder\nin C# templates"));

        Assert.Contains("the {you} placeholder in C# templates", script.Script, StringComparison.Ordinal);
        Assert.StartsWith("The {you} placeholder in C# templates", script.Title, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateAsync_NullArguments_Throw()
    {
        await Assert.ThrowsAsync<ArgumentNullException>(() => _generator.GenerateAsync(null!, new RecordingProgress(), CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentNullException>(() => _generator.GenerateAsync(Request(), null!, CancellationToken.None));
    }
}
