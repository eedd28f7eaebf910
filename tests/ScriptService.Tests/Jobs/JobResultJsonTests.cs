using System.Text.Json;
using ScriptService.Jobs;
using ScriptService.Realtime;

namespace ScriptService.Tests.Jobs;

/// <summary>The stored form of a job's result, and the rows earlier versions wrote (the scriptResult payload itself).</summary>
public sealed class JobResultJsonTests
{
    private static readonly DateTimeOffset _at = new DateTimeOffset(2026, 12, 6, 5, 22, 13, TimeSpan.Zero).AddTicks(1234567);

    [Fact]
    public void Serialize_Succeeded_IsTheResultNotTheSocketPayload()
    {
        var json = JobResultJson.Serialize(new JobResult(new JobScript("s-1", "Topic", "Title", "Description", new ScriptText("Text")), null, _at));
        using var document = JsonDocument.Parse(json);
        Assert.False(document.RootElement.TryGetProperty("job_id", out _));
        Assert.False(document.RootElement.TryGetProperty("status", out _));
        Assert.Equal("Text", document.RootElement.GetProperty("script").GetProperty("text").GetString());
    }

    [Fact]
    public void Parse_WhatSerializeWrote_RoundTrips()
    {
        var succeeded = new JobResult(new JobScript("s-1", "Chủ đề", "Tiêu đề", "Mô tả", new ScriptText("Kịch bản")), null, _at);
        var failed = new JobResult(null, "The script took too long to generate.", _at);
        Assert.Equal(succeeded, JobResultJson.Parse(JobResultJson.Serialize(succeeded)));
        Assert.Equal(failed, JobResultJson.Parse(JobResultJson.Serialize(failed)));
    }

    [Fact]
    public void Serialize_NonAscii_StoredAsUtf8TextEscapingOnlyWhatJsonRequires()
    {
        var result = new JobResult(new JobScript("s-1", "Chủ đề", "Tiêu đề <b>", "Mô tả & \"trích dẫn\"", new ScriptText("Kịch bản\n\tdòng 2 \u0001")), null, _at);

        var json = JobResultJson.Serialize(result);

        Assert.Contains("\"Chủ đề\"", json, StringComparison.Ordinal);
        Assert.Contains("Tiêu đề <b>", json, StringComparison.Ordinal);
        Assert.Contains("Kịch bản\\n\\tdòng 2 \\u0001", json, StringComparison.Ordinal);
        Assert.Contains("Mô tả & \\\"trích dẫn\\\"", json, StringComparison.Ordinal);
        Assert.Equal(result, JobResultJson.Parse(json));
    }

    [Fact]
    public void Parse_RowWithEveryLetterEscaped_ReadsTheSame()
    {
        // What earlier versions stored: the default encoder's \uXXXX for every non-ASCII letter.
        var result = new JobResult(new JobScript("s-1", "Chủ đề", "Tiêu đề", "Mô tả", new ScriptText("Kịch bản")), null, _at);
        var escaped = JsonSerializer.Serialize(result, JobsJsonContext.Default.JobResult);
        Assert.Contains("\\u", escaped, StringComparison.Ordinal);

        Assert.Equal(result, JobResultJson.Parse(escaped));
    }

    [Theory]
    [InlineData("""{"job_id":"job-1","status":201,"data":{"scriptId":"0193a1b2-0000-7000-8000-000000000001","topic":"Chủ đề","title":"T","description":"D","script":"S","status":"completed"},"error":null,"timestamp":"2026-12-06T05:22:13.1234567Z"}""")]
    [InlineData("""{"job_id":"job-1","status":500,"data":null,"error":"The script could not be generated.","timestamp":"2026-12-06T05:22:13.1234567Z"}""")]
    public void Parse_RowOfAnEarlierVersion_GivesBackTheSamePayload(string legacy)
    {
        var result = JobResultJson.Parse(legacy);
        var payload = JsonSerializer.Serialize(ScriptResultMessage.From("job-1", result), RealtimeJsonContext.Default.ScriptResultMessage);
        Assert.Equal(
            JsonSerializer.Serialize(JsonDocument.Parse(legacy).RootElement),
            JsonSerializer.Serialize(JsonDocument.Parse(payload).RootElement));
        Assert.Equal("2026-12-06T05:22:13.1234567Z", ScriptResultMessage.FormatTime(result.CompletedAt));
    }

    [Theory]
    [InlineData("null")]
    [InlineData("""{"job_id":"job-1","status":201,"data":{"scriptId":"x"},"error":null,"timestamp":"2026-12-06T05:22:13Z"}""")]
    [InlineData("not json")]
    public void Parse_NeitherForm_Throws(string json)
    {
        Assert.ThrowsAny<JsonException>(() => JobResultJson.Parse(json));
    }
}
