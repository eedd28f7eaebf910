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
    public void Parse_LoneSurrogate_FieldErrorNotException(string body, string field)
    {
        using var document = JsonDocument.Parse(body);

        var request = ScriptRequestParser.Parse(document.RootElement, out var errors);

        Assert.Null(request);
        Assert.Equal(field, Assert.Single(errors).Key);
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
