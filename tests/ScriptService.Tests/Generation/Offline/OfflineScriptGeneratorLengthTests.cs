using System.Diagnostics;
using ScriptService.Generation.Offline;
using static ScriptService.Tests.Generation.Offline.OfflineTestData;

namespace ScriptService.Tests.Generation.Offline;

public sealed class OfflineScriptGeneratorLengthTests
{
    public static TheoryData<string, string, string?> LengthLanguageStyle()
    {
        var data = new TheoryData<string, string, string?>();
        foreach (var length in Lengths)
        {
            foreach (var language in Languages)
            {
                foreach (var style in Styles)
                {
                    data.Add(length, language, style);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(LengthLanguageStyle))]
    public void GenerateAsync_RealisticTopicsAndAnyAudience_WholeScriptWithinLengthRange(string length, string language, string? style)
    {
        var range = ScriptWordRanges.For(ParseLength(length));
        foreach (var topic in TopicsFor(language))
        {
            foreach (var audience in Audiences)
            {
                var words = Words(Generate(Request(topic, language, length, style, audience)).Script);

                Assert.True(range.Contains(words), $"{words} words, outside {range.Min}-{range.Max}: {length}/{language}/{style}/{audience}/{topic}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(LengthLanguageStyle))]
    public void GenerateAsync_WithSources_BodyWithinLengthRange(string length, string language, string? style)
    {
        var range = ScriptWordRanges.For(ParseLength(length));
        var passage = language == "vi"
            ? "Theo các nghiên cứu gần đây, phần lớn người trẻ chưa có kế hoạch chi tiêu rõ ràng và thường tiêu nhiều hơn dự định mỗi tháng."
            : "Recent studies suggest that most young adults have no clear spending plan and regularly spend more than they intended each month.";
        string[][] sourceSets =
        [
            [passage],
            [passage, "A Guide to Money Basics", "https://example.org/finance"],
            [passage, passage, passage, passage, passage, passage, passage, passage],
        ];

        foreach (var sources in sourceSets)
        {
            foreach (var audience in new[] { "students", "professionals", "children" })
            {
                var script = Generate(Request(TopicsFor(language)[1], language, length, style, audience, sources)).Script;
                var words = Words(BodyOf(script, language));

                Assert.True(range.Contains(words), $"{words} body words, outside {range.Min}-{range.Max}: {length}/{language}/{style}/{audience}/{sources.Length} sources");
            }
        }
    }

    [Theory]
    [InlineData("en")]
    [InlineData("vi")]
    public void GenerateAsync_FewShortSources_WholeScriptStillWithinRange(string language)
    {
        foreach (var length in Lengths)
        {
            var range = ScriptWordRanges.For(ParseLength(length));
            var script = Generate(Request(TopicsFor(language)[0], language, length, "casual", "students", ["IPCC Sixth Assessment Report", "https://example.org/climate"])).Script;

            Assert.InRange(Words(script), range.Min, range.Max);
        }
    }

    [Theory]
    [InlineData("en")]
    [InlineData("vi")]
    public void GenerateAsync_VeryLongTopic_NamesItOnceAndStaysWithinRange(string language)
    {
        var topic = string.Join(' ', Enumerable.Repeat(language == "vi" ? "tác động của mạng xã hội đối với thói quen đọc sách" : "how social media changes the reading habits of teenagers", 6));
        foreach (var length in Lengths)
        {
            var range = ScriptWordRanges.For(ParseLength(length));
            var script = Generate(Request(topic, language, length, "formal", "teachers"));

            Assert.InRange(Words(script.Script), range.Min, range.Max);
            Assert.Single(AllIndexesOf(script.Script, topic));
            Assert.True(script.Title.Length < topic.Length, script.Title);
        }
    }

    [Fact]
    public void WordRanges_AreOrderedAndMatchTheContract()
    {
        Assert.Equal(new WordRange(120, 250), ScriptWordRanges.For(ScriptService.Generation.ScriptLength.Short));
        Assert.Equal(new WordRange(350, 600), ScriptWordRanges.For(ScriptService.Generation.ScriptLength.Medium));
        Assert.Equal(new WordRange(800, 1300), ScriptWordRanges.For(ScriptService.Generation.ScriptLength.Long));
    }

    [Fact]
    public void GenerateAsync_LongScript_TakesWellUnderFiftyMilliseconds()
    {
        var requests = Languages.Select(language => Request(TopicsFor(language)[2], language, "long", "storytelling", "parents", ["A Guide", "https://example.org"])).ToArray();
        foreach (var request in requests)
        {
            Generate(request);
        }

        const int Runs = 50;
        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < Runs; i++)
        {
            Generate(requests[i % requests.Length]);
        }

        stopwatch.Stop();

        // A generous bound (a fifth of the budget, averaged) that still catches an accidental quadratic or I/O.
        Assert.True(stopwatch.Elapsed.TotalMilliseconds / Runs < 10, $"{stopwatch.Elapsed.TotalMilliseconds / Runs:F3} ms per long script");
    }

    private static List<int> AllIndexesOf(string text, string value)
    {
        var indexes = new List<int>();
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + 1, StringComparison.Ordinal))
        {
            indexes.Add(i);
        }

        return indexes;
    }
}
