using ScriptService.Generation.Llm;

namespace ScriptService.Tests.Generation.Llm;

public sealed class LlmAnswerParserTests
{
    [Theory]
    [InlineData("{\"title\":\"T\",\"description\":\"D\",\"script\":\"S\"}")]
    [InlineData("  {\"title\": \"T\", \"description\": \"D\", \"script\": \"S\"}\n")]
    [InlineData("```json\n{\"title\":\"T\",\"description\":\"D\",\"script\":\"S\"}\n```")]
    [InlineData("```\n{\"title\":\"T\",\"description\":\"D\",\"script\":\"S\"}\n```")]
    [InlineData("Sure! Here it is:\n{\"title\":\"T\",\"description\":\"D\",\"script\":\"S\"}\nEnjoy.")]
    [InlineData("{\"Title\":\"T\",\"DESCRIPTION\":\"D\",\"Script\":\"S\",}")]
    [InlineData("{\"title\":\" T \",\"description\":\"D\\n\",\"script\":\"\\n S \", \"extra\": [1, {\"a\": 2}]}")]
    [InlineData("{// a comment\n\"title\":\"T\",\"description\":\"D\",\"script\":\"S\"}")]
    public void TryParse_AnswerObject_ReadsAndTrimsFields(string content)
    {
        Assert.True(LlmAnswerParser.TryParse(content, out var answer));
        Assert.Equal(("T", "D", "S"), (answer.Title, answer.Description, answer.Script));
    }

    [Fact]
    public void TryParse_ScriptWithBracesAndFences_KeepsThemInTheScript()
    {
        const string Content = "```json\n{\"title\":\"T\",\"description\":\"D\",\"script\":\"Use {braces} and ``` fences.\"}\n```";

        Assert.True(LlmAnswerParser.TryParse(Content, out var answer));
        Assert.Equal("Use {braces} and ``` fences.", answer.Script);
    }

    [Fact]
    public void TryParse_MissingTitleAndDescription_StillSucceeds()
    {
        Assert.True(LlmAnswerParser.TryParse("{\"script\":\"S\"}", out var answer));
        Assert.Null(answer.Title);
        Assert.Null(answer.Description);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("No JSON at all.")]
    [InlineData("} backwards {")]
    [InlineData("{\"title\":\"T\",\"script\":\"cut off")]
    [InlineData("{\"title\":\"T\",\"description\":\"D\"}")]
    [InlineData("{\"title\":\"T\",\"description\":\"D\",\"script\":\"   \"}")]
    [InlineData("{\"title\":\"T\",\"description\":\"D\",\"script\":[\"a\",\"b\"]}")]
    [InlineData("{\"title\":\"T\",\"description\":\"D\",\"script\":null}")]
    public void TryParse_NotAScriptObject_ReturnsFalse(string? content)
    {
        Assert.False(LlmAnswerParser.TryParse(content, out var answer));
        Assert.Null(answer);
    }
}
