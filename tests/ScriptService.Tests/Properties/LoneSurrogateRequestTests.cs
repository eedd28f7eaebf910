using System.Text;
using System.Text.Json;
using ScriptService.Api;
using ScriptService.Jobs;

namespace ScriptService.Tests.Properties;

/// <summary>
/// Issue 17 (found again by fuzz/ and the properties beside this file): a lone surrogate escape (<c>"\ud800"</c>) is
/// valid JSON that no .NET string can hold, and reading it threw: a 500 for a POST, an exception instead of an error
/// ack for <c>register</c>. It is now a field error.
/// </summary>
public sealed class LoneSurrogateRequestTests
{
    [Theory]
    [InlineData("""{"topic":"\ud800"}""", "topic")]
    [InlineData("""{"topic":"ok","audience":"a\udfff"}""", "audience")]
    [InlineData("""{"topic":"ok","userId":"\ud800"}""", "userId")]
    [InlineData("""{"topic":"ok","sources":["fine","\ud800"]}""", "sources")]
    [InlineData("""{"topic":"ok","language":"\ud800"}""", "language")]
    [InlineData("""{"topic":"ok","jobId":"job\ud800"}""", "jobId")]
    [InlineData("""{"topic":"ok","\ud800":1}""", "$")]
    [InlineData("""{"a\udc00b":"x","topic":"ok"}""", "$")]
    public void Parse_LoneSurrogate_FieldErrorNotException(string body, string field)
    {
        using var document = JsonDocument.Parse(body);

        var request = ScriptRequestParser.Parse(document.RootElement, out var errors);

        Assert.Null(request);
        Assert.Equal(field, Assert.Single(errors).Key);
    }

    /// <summary>A polling body (or any HTTP body) may carry bytes that are not UTF-8, which the JSON parser lets through inside strings.</summary>
    [Theory]
    [InlineData("topic")]
    [InlineData("style")]
    [InlineData("sources")]
    public void Parse_InvalidUtf8InAValue_FieldErrorNotException(string field)
    {
        var value = field == "sources" ? "[\"a\xFF\"]" : "\"a\xFF\"";
        var json = field == "topic" ? $"{{\"topic\":{value}}}" : $"{{\"topic\":\"ok\",\"{field}\":{value}}}";
        var body = Encoding.Latin1.GetBytes(json);
        using var document = JsonDocument.Parse(body);

        var request = ScriptRequestParser.Parse(document.RootElement, out var errors);

        Assert.Null(request);
        Assert.Equal(field, Assert.Single(errors).Key);
    }

    [Fact]
    public void Parse_InvalidUtf8InAPropertyName_BodyErrorNotException()
    {
        using var document = JsonDocument.Parse(Encoding.Latin1.GetBytes("{\"topic\":\"ok\",\"\xFF\":1}"));

        Assert.Null(ScriptRequestParser.Parse(document.RootElement, out var errors));
        Assert.Equal("$", Assert.Single(errors).Key);
    }

    [Theory]
    [InlineData("\"\\ud800\"")]
    [InlineData("\"job_\\udc00\"")]
    public void JobIdTryValidate_LoneSurrogate_ErrorNotException(string json)
    {
        using var document = JsonDocument.Parse(json);

        Assert.False(JobId.TryValidate(document.RootElement, out _, out var error));
        Assert.NotEmpty(error);
    }
}
