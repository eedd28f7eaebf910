using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ScriptService.Tests.Service.Infrastructure;

namespace ScriptService.Tests.Service;

/// <summary>One service for the HTTP API tests (a 4 KB body limit, to test 413 cheaply).</summary>
public sealed class HttpApiHost : IAsyncLifetime
{
    public const int MaxBody = 4096;

    internal ServiceHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await ServiceHost.StartAsync(new Dictionary<string, string?>
    {
        ["ScriptService:MaxRequestBodyBytes"] = MaxBody.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>Test 4: <c>POST /api/scripts</c> and <c>GET /api/scripts/{jobId}</c>, their validation and their errors.</summary>
public sealed class HttpApiTests(HttpApiHost fixture) : IClassFixture<HttpApiHost>
{
    private readonly ServiceHost _host = fixture.Host;

    [Fact]
    public async Task Post_ValidBody_Returns202QueuedWithLocationOnceStored()
    {
        var jobId = Scripts.NewJobId();
        using var response = await _host.PostAsync(Scripts.Body(jobId));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("/api/scripts/" + jobId, response.Headers.Location?.OriginalString);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        AssertSentWithItsLength(response, bytes);
        var body = JsonDocument.Parse(bytes).RootElement;
        Assert.Equal(jobId, body.GetProperty("jobId").GetString());
        Assert.Equal("queued", body.GetProperty("status").GetString());

        // Stored before the answer: it is there at once.
        using var get = await _host.GetJobAsync(jobId);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal("application/json", get.Content.Headers.ContentType?.MediaType);
        var getBytes = await get.Content.ReadAsByteArrayAsync();
        AssertSentWithItsLength(get, getBytes);
        var job = JsonDocument.Parse(getBytes).RootElement;
        Assert.Equal(jobId, job.GetProperty("jobId").GetString());
        Assert.Contains(job.GetProperty("state").GetString(), new[] { "queued", "running", "succeeded" });
    }

    [Fact]
    public async Task Post_WithoutJobId_GeneratesAValidOne()
    {
        var body = Scripts.Body(jobId: null);
        using var response = await _host.PostAsync(body);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var jobId = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("jobId").GetString();
        Assert.Matches("^[A-Za-z0-9_.:-]{1,128}$", jobId);
        Assert.Equal("/api/scripts/" + jobId, response.Headers.Location?.OriginalString);
        using var get = await _host.GetJobAsync(jobId!);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);

        // Null is taken as absent too.
        body["jobId"] = null;
        using var second = await _host.PostAsync(body);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.NotEqual(jobId, JsonDocument.Parse(await second.Content.ReadAsStringAsync()).RootElement.GetProperty("jobId").GetString());
    }

    [Fact]
    public async Task Post_SameJobIdAndBody_IsIdempotent202()
    {
        var jobId = Scripts.NewJobId();
        using var first = await _host.PostAsync(Scripts.Body(jobId, "Idempotent"));
        using var second = await _host.PostAsync(Scripts.Body(jobId, "Idempotent"));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.Equal("/api/scripts/" + jobId, second.Headers.Location?.OriginalString);
        var body = JsonDocument.Parse(await second.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(jobId, body.GetProperty("jobId").GetString());
        Assert.Contains(body.GetProperty("status").GetString(), new[] { "queued", "running", "succeeded" });
    }

    [Fact]
    public async Task Post_SameJobIdAndBodyConcurrently_AllGet202AndTheJobRunsOnce()
    {
        await using var node = NodeDriver.Start(_host);
        var jobId = Scripts.NewJobId();
        await node.ConnectAsync("a");
        Expect.AckSuccess(await node.RegisterAsync("a", jobId), jobId);

        var posts = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => _host.PostAsync(Scripts.Body(jobId, "Concurrent"))));
        try
        {
            Assert.All(posts, p => Assert.Equal(HttpStatusCode.Accepted, p.StatusCode));
        }
        finally
        {
            foreach (var post in posts)
            {
                post.Dispose();
            }
        }

        Expect.Succeeded(await node.ResultAsync("a", jobId), jobId, "Concurrent");
        await DeliveryTests.AssertFinalCountAsync(_host, node, "a", jobId, expected: 1);
    }

    [Fact]
    public async Task Post_SameJobIdOtherBody_Returns409Problem()
    {
        var jobId = Scripts.NewJobId();
        using var first = await _host.PostAsync(Scripts.Body(jobId, "First topic"));
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);

        using var conflict = await _host.PostAsync(Scripts.Body(jobId, "Another topic"));
        await Expect.ProblemAsync(conflict, HttpStatusCode.Conflict);
        using var otherLength = await _host.PostAsync(Scripts.Body(jobId, "First topic", length: "long"));
        await Expect.ProblemAsync(otherLength, HttpStatusCode.Conflict);
    }

    /// <summary>A field changed (name, JSON value or <c>-</c> to remove it), and the field the error must name.</summary>
    public static TheoryData<string, string, string> InvalidFields => new()
    {
        { "topic", "-", "topic" },
        { "topic", "null", "topic" },
        { "topic", "\"\"", "topic" },
        { "topic", "\"   \"", "topic" },
        { "topic", "\"" + new string('t', 501) + "\"", "topic" },
        { "topic", "42", "topic" },
        { "language", "\"fr\"", "language" },
        { "language", "\"VI\"", "language" },
        { "language", "1", "language" },
        { "length", "\"huge\"", "length" },
        { "length", "[\"short\"]", "length" },
        { "sources", "\"a source\"", "sources" },
        { "sources", "[1]", "sources" },
        { "sources", "[{\"url\":\"x\"}]", "sources" },
        { "sources", "[" + string.Join(',', Enumerable.Repeat("\"s\"", 21)) + "]", "sources" },
        { "sources", "[\"" + new string('s', 2001) + "\"]", "sources" },
        { "jobId", "\"\"", "jobId" },
        { "jobId", "\"job 1\"", "jobId" },
        { "jobId", "\"job/1\"", "jobId" },
        { "jobId", "\"" + new string('j', 129) + "\"", "jobId" },
        { "jobId", "7", "jobId" },
        { "jobId", "{}", "jobId" },
        { "userId", "\"" + new string('u', 129) + "\"", "userId" },
        { "userId", "5", "userId" },
        { "audience", "\"" + new string('a', 101) + "\"", "audience" },
        { "style", "false", "style" },
    };

    [Theory]
    [MemberData(nameof(InvalidFields))]
    public async Task Post_InvalidField_Returns400WithThatFieldsErrorAndStoresNothing(string field, string json, string errorField)
    {
        var jobId = Scripts.NewJobId();
        var body = Scripts.Body(jobId);
        if (json == "-")
        {
            body.Remove(field);
        }
        else
        {
            body[field] = JsonNode.Parse(json);
        }

        using var response = await _host.PostAsync(body);
        await Expect.FieldErrorAsync(response, errorField);

        using var get = await _host.GetJobAsync(jobId);
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }

    [Theory]
    [InlineData("topic", "\\ud800")]
    [InlineData("topic", "Solar \\udc00 power")]
    [InlineData("topic", "\\ud83d\\ud83d")]
    [InlineData("jobId", "job_\\ud800")]
    [InlineData("userId", "\\ud800")]
    [InlineData("audience", "\\udfff")]
    [InlineData("style", "\\ud800")]
    [InlineData("language", "\\ud800")]
    [InlineData("length", "\\ud800")]
    [InlineData("sources", "\\ud800")]
    public async Task Post_LoneSurrogateInAStringField_Returns400NamingTheField(string field, string escaped)
    {
        // The JSON is written by hand: no .NET writer puts out a lone surrogate, which is the point.
        const string Placeholder = "LONE-SURROGATE-PLACEHOLDER";
        var jobId = Scripts.NewJobId();
        var body = Scripts.Body(jobId);
        body[field] = field == "sources" ? new JsonArray("a fine source", Placeholder) : Placeholder;
        var json = body.ToJsonString().Replace(Placeholder, escaped, StringComparison.Ordinal);

        using var response = await _host.PostRawAsync(json, "application/json");
        var problem = await Expect.FieldErrorAsync(response, field);
        Expect.SafeMessage(problem.GetProperty("errors").GetProperty(field)[0].GetString()!);

        using var get = await _host.GetJobAsync(jobId);
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }

    [Fact]
    public async Task Post_SurrogatePairEscaped_IsAcceptedAsText()
    {
        var jobId = Scripts.NewJobId();
        var json = Scripts.Body(jobId, "TOPIC").ToJsonString().Replace("TOPIC", "Solar \\ud83d\\ude00 power", StringComparison.Ordinal);
        using var response = await _host.PostRawAsync(json, "application/json");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task Post_SeveralInvalidFields_ListsEveryOne()
    {
        var body = Scripts.Body("bad id");
        body.Remove("topic");
        body["language"] = "de";
        body["length"] = "tiny";
        body["sources"] = 3;

        using var response = await _host.PostAsync(body);
        var problem = await Expect.FieldErrorAsync(response, "topic");
        var errors = problem.GetProperty("errors");
        foreach (var field in new[] { "jobId", "language", "length", "sources" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"no error for '{field}' in {errors}");
        }
    }

    [Fact]
    public async Task Post_BoundaryValues_AreAccepted()
    {
        var body = Scripts.Body(new string('b', 128), new string('t', 500), language: "vi", length: "long");
        body["sources"] = new JsonArray([.. Enumerable.Range(0, 20).Select(i => JsonValue.Create("source " + i))]);
        using var response = await _host.PostAsync(body);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        // Only the topic is required.
        using var minimal = await _host.PostAsync(new JsonObject { ["topic"] = "Just a topic" });
        Assert.Equal(HttpStatusCode.Accepted, minimal.StatusCode);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"a string\"")]
    [InlineData("42")]
    public async Task Post_BodyNotAnObject_Returns400(string json)
    {
        using var response = await _host.PostRawAsync(json, "application/json");
        await Expect.ProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("{")]
    [InlineData("{\"topic\": }")]
    [InlineData("{\"topic\": \"x\",}")]
    [InlineData("nul")]
    [InlineData("")]
    [InlineData("{\"topic\": \"x\"} trailing")]
    public async Task Post_MalformedJson_Returns400Problem(string json)
    {
        using var response = await _host.PostRawAsync(json, "application/json");
        var problem = await Expect.ProblemAsync(response, HttpStatusCode.BadRequest);
        Expect.SafeMessage(problem.GetProperty("detail").GetString() ?? "");
    }

    [Fact]
    public async Task Post_BodyOverLimitWithContentLength_Returns413Problem()
    {
        var body = Scripts.Body(Scripts.NewJobId(), new string('t', 100));
        body["style"] = new string('s', HttpApiHost.MaxBody);
        using var response = await _host.PostAsync(body);
        await Expect.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Post_ChunkedBodyOverLimit_Returns413Problem()
    {
        var jobId = Scripts.NewJobId();
        var body = Scripts.Body(jobId);
        body["style"] = new string('s', HttpApiHost.MaxBody * 2);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/scripts") { Content = new ChunkedJsonContent(body.ToJsonString()) };
        request.Headers.TransferEncodingChunked = true;
        using var response = await _host.Http.SendAsync(request);
        await Expect.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        using var get = await _host.GetJobAsync(jobId);
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData(null)]
    public async Task Post_NotJsonContentType_Returns415Problem(string? contentType)
    {
        using var response = await _host.PostRawAsync(Scripts.Body(Scripts.NewJobId()).ToJsonString(), contentType);
        await Expect.ProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Post_JsonContentTypeWithCharset_IsAccepted()
    {
        using var response = await _host.PostRawAsync(Scripts.Body(Scripts.NewJobId()).ToJsonString(), "application/json; charset=utf-8");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task Get_UnknownJob_Returns404Problem()
    {
        using var response = await _host.GetJobAsync(Scripts.NewJobId("unknown"));
        await Expect.ProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Get_InvalidJobId_Returns400Problem()
    {
        using var response = await _host.GetJobAsync(new string('g', 129));
        await Expect.FieldErrorAsync(response, "jobId");
    }

    [Fact]
    public async Task Get_FinishedJob_ReturnsSucceededWithTheResult()
    {
        await using var node = NodeDriver.Start(_host);
        var jobId = Scripts.NewJobId();
        await node.ConnectAsync("a");
        Expect.AckSuccess(await node.RegisterAsync("a", jobId), jobId);
        await _host.PostAcceptedAsync(Scripts.Body(jobId, "GET topic"));
        var result = await node.ResultAsync("a", jobId);

        using var response = await _host.GetJobAsync(jobId);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var job = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("succeeded", job.GetProperty("state").GetString());
        Expect.Succeeded(job.GetProperty("result"), jobId, "GET topic");
        Assert.Equal(result.GetRawText(), job.GetProperty("result").GetRawText());
    }

    /// <summary>JSON content of unknown length, so that HttpClient sends it chunked.</summary>
    private sealed class ChunkedJsonContent : HttpContent
    {
        private readonly byte[] _bytes;

        public ChunkedJsonContent(string json)
        {
            _bytes = Encoding.UTF8.GetBytes(json);
            Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            for (var offset = 0; offset < _bytes.Length; offset += 1024)
            {
                await stream.WriteAsync(_bytes.AsMemory(offset, Math.Min(1024, _bytes.Length - offset)));
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    /// <summary>
    /// The answer carries its length rather than chunks: head, body and end leave the server in one write, where a
    /// chunked body's terminator took a second one.
    /// </summary>
    private static void AssertSentWithItsLength(HttpResponseMessage response, byte[] body)
    {
        Assert.NotEqual(true, response.Headers.TransferEncodingChunked);
        Assert.Equal(body.Length, response.Content.Headers.ContentLength);
    }
}
