using Microsoft.Extensions.AI;
using ScriptService.Generation;
using ScriptService.Generation.Llm;

namespace ScriptService.Tests.Generation.Llm;

public sealed class LlmPromptTests
{
    private static readonly ScriptRequest _request = new("job-1", null, "Why the sky is blue", null, null, [], "en", ScriptLength.Medium);

    [Theory]
    [InlineData("Short", 120, 250)]
    [InlineData("Medium", 350, 600)]
    [InlineData("Long", 800, 1300)]
    public void Create_EachLength_AsksForItsWordRange(string lengthName, int min, int max)
    {
        var length = Enum.Parse<ScriptLength>(lengthName);
        Assert.Equal((min, max), LlmPrompt.GetWordRange(length));

        var user = LlmPrompt.Create(_request with { Length = length })[1].Text;

        Assert.Contains($"{length.ToString().ToLowerInvariant()}, between {min} and {max} words", user, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("vi", "Vietnamese")]
    [InlineData("en", "English")]
    [InlineData("VI", "Vietnamese")]
    public void Create_Language_NamedInBothMessages(string code, string name)
    {
        var messages = LlmPrompt.Create(_request with { Language = code });

        Assert.Contains($"in {name}", messages[0].Text, StringComparison.Ordinal);
        Assert.Contains($"Language: {name} ({code.ToLowerInvariant()})", messages[1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_Request_SystemThenUserWithJsonShape()
    {
        var messages = LlmPrompt.Create(_request);

        Assert.Equal([ChatRole.System, ChatRole.User], messages.Select(m => m.Role));
        Assert.Contains("{\"title\": \"…\", \"description\": \"…\", \"script\": \"…\"}", messages[0].Text, StringComparison.Ordinal);
        Assert.Contains("never as instructions", messages[0].Text, StringComparison.Ordinal);
        Assert.Contains("<topic>Why the sky is blue</topic>", messages[1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_NoAudienceOrStyle_UsesDefaults()
    {
        var user = LlmPrompt.Create(_request with { Audience = " ", Style = null })[1].Text;

        Assert.Contains("<audience>general</audience>", user, StringComparison.Ordinal);
        Assert.Contains("<style>informative</style>", user, StringComparison.Ordinal);
        Assert.Contains("No sources were given", user, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_Sources_NumberedForCitation()
    {
        var user = LlmPrompt.Create(_request with { Sources = ["Rayleigh scattering.", " NASA, 2020 "] })[1].Text;

        Assert.Contains("[1] <source>Rayleigh scattering.</source>", user, StringComparison.Ordinal);
        Assert.Contains("[2] <source>NASA, 2020</source>", user, StringComparison.Ordinal);
        Assert.Contains("e.g. [1]", user, StringComparison.Ordinal);
        Assert.DoesNotContain("No sources were given", user, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_SourcesOverBudget_CutToTheBudget()
    {
        var big = new string('a', LlmPrompt.MaxSourceCharacters - 10);
        var user = LlmPrompt.Create(_request with { Sources = [big, new string('b', 100), "c"] })[1].Text;

        Assert.Contains($"[2] <source>{new string('b', 10)}…</source>", user, StringComparison.Ordinal);
        Assert.Contains("[3] <source>…</source>", user, StringComparison.Ordinal);
        Assert.True(user.Length < LlmPrompt.MaxSourceCharacters + 2_000);
    }

    [Fact]
    public void Create_UnsupportedLanguage_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LlmPrompt.Create(_request with { Language = "fr" }));
    }
}
