using System.Buffers;
using ScriptService.Generation;
using ScriptService.Generation.Offline;
using ScriptService.Generation.Offline.Phrasebooks;

namespace ScriptService.Tests.Generation.Offline;

/// <summary>Requests, realistic topics and text checks shared by the offline generator tests.</summary>
internal static class OfflineTestData
{
    public static readonly string[] Languages = ["en", "vi"];

    public static readonly string[] Lengths = ["short", "medium", "long"];

    /// <summary>The styles and audiences we have wording for, plus one of each we do not (and none at all).</summary>
    public static readonly string?[] Styles = ["informative", "casual", "humorous", "formal", "inspirational", "storytelling", "jazz-noir", null];

    public static readonly string?[] Audiences = ["general", "students", "children", "professionals", "beginners", "parents", "teachers", "marine biologists", null];

    public static IReadOnlyList<string> TopicsFor(string language) => language == "vi"
        ? ["biến đổi khí hậu", "quản lý tài chính cá nhân cho người trẻ", "lịch sử nghề in ở Việt Nam", "trí tuệ nhân tạo"]
        : ["climate change", "personal finance for young adults", "the history of the printing press", "artificial intelligence"];

    public static ScriptRequest Request(
        string topic = "climate change",
        string language = "en",
        string length = "short",
        string? style = "informative",
        string? audience = "general",
        IReadOnlyList<string>? sources = null,
        string jobId = "job-1") =>
        new(jobId, "user-1", topic, audience, style, sources ?? [], language, ParseLength(length));

    public static ScriptLength ParseLength(string length) => Enum.Parse<ScriptLength>(length, ignoreCase: true);

    public static GeneratedScript Generate(ScriptRequest request) =>
        new OfflineScriptGenerator().GenerateAsync(request, new RecordingProgress(), CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>The script without its reference list: the spoken body the word range applies to.</summary>
    public static string BodyOf(string script, string language)
    {
        Assert.True(PhrasebookRegistry.TryGet(language, out var phrasebook));
        var index = script.IndexOf("\n\n## " + phrasebook.SourcesHeading + "\n", StringComparison.Ordinal);
        return index < 0 ? script : script[..index];
    }

    /// <summary>The reference list, or null when the script has none.</summary>
    public static string? ReferencesOf(string script, string language)
    {
        var body = BodyOf(script, language);
        return body.Length == script.Length ? null : script[body.Length..];
    }

    public static int Words(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;

    /// <summary>Letters that exist in Vietnamese but not in English.</summary>
    public static readonly SearchValues<char> VietnameseLetters = SearchValues.Create(
        "ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ" +
        "ĂÂĐÊÔƠƯÁÀẢÃẠẤẦẨẪẬẮẰẲẴẶÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ");

    /// <summary>Common English words that a Vietnamese script must not contain (signs of an untranslated template).</summary>
    public static readonly HashSet<string> EnglishWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "the", "and", "you", "your", "is", "are", "of", "for", "with", "this", "that", "it", "what", "why", "how",
        "source", "sources", "opening", "wrapping", "script", "topic", "let", "let's", "we", "our", "maya",
    };

    public static IEnumerable<string> WordsOf(string text)
    {
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inWord = i < text.Length && (char.IsLetter(text[i]) || text[i] == '\'');
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                yield return text[start..i];
                start = -1;
            }
        }
    }
}
