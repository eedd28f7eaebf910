using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ScriptService.Generation;
using ScriptService.Generation.Llm;

namespace ScriptService.Tests.Generation.Llm;

/// <summary>
/// The generator over the real OpenAI client (from <see cref="LlmChatClientFactory"/>) against a real HTTP server
/// speaking the chat-completions wire format. Time is fake: every backoff and request timeout is observed and
/// advanced explicitly, so nothing sleeps.
/// </summary>
public sealed class LlmScriptGeneratorTests : IDisposable
{
    private const string Model = "test-model";

    private static readonly ScriptRequest _request = new(
        "job-1",
        "user-1",
        "Lịch sử Phở Hà Nội",
        "students",
        "casual",
        ["Phở xuất hiện ở Nam Định đầu thế kỷ 20."],
        "vi",
        ScriptLength.Short);

    private readonly string _keyVariable = "SCRIPTSERVICE_LLM_TEST_KEY_" + Guid.NewGuid().ToString("N");
    private readonly string _apiKey = "sk-test-" + Guid.NewGuid().ToString("N");
    private readonly TestTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly LogCapture _logs = new();
    private readonly ProgressRecorder _progress = new();
    private readonly List<IChatClient> _clients = [];

    public LlmScriptGeneratorTests()
    {
        Environment.SetEnvironmentVariable(_keyVariable, _apiKey);
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(_keyVariable, null);
        foreach (var client in _clients)
        {
            client.Dispose();
        }
    }

    [Fact]
    public async Task GenerateAsync_ModelAnswersJson_ReturnsScriptAndSendsChatCompletionRequest()
    {
        await using var server = await FakeChatCompletionsServer.StartAsync(Replies.Script("Phở", "Một món ăn.", "Xin chào các bạn."));
        var generator = CreateGenerator(server, o =>
        {
            o.Temperature = 0.5f;
            o.MaxOutputTokens = 900;
        });

        var script = await generator.GenerateAsync(_request, _progress, CancellationToken.None).DefaultTimeout();

        Assert.Equal(new GeneratedScript("Phở", "Một món ăn.", "Xin chào các bạn."), script);
        var request = Assert.Single(server.Requests);
        Assert.Equal("/v1/chat/completions", request.Path);
        Assert.Equal("Bearer " + _apiKey, request.Authorization);
        Assert.Equal(Model, request.Model);
        Assert.Equal("json_object", request.ResponseFormatType);
        Assert.Equal(0.5, request.Body["temperature"]!.GetValue<double>(), 3);
        Assert.Equal(900, (request.Body["max_completion_tokens"] ?? request.Body["max_tokens"])!.GetValue<int>());

        Assert.Collection(
            request.Messages,
            system =>
            {
                Assert.Equal("system", system.Role);
                Assert.Contains("JSON", system.Content, StringComparison.Ordinal);
                Assert.Contains("Vietnamese", system.Content, StringComparison.Ordinal);
            },
            user =>
            {
                Assert.Equal("user", user.Role);
                Assert.Contains("<topic>Lịch sử Phở Hà Nội</topic>", user.Content, StringComparison.Ordinal);
                Assert.Contains("<audience>students</audience>", user.Content, StringComparison.Ordinal);
                Assert.Contains("<style>casual</style>", user.Content, StringComparison.Ordinal);
                Assert.Contains("Language: Vietnamese (vi)", user.Content, StringComparison.Ordinal);
                Assert.Contains("between 120 and 250 words", user.Content, StringComparison.Ordinal);
                Assert.Contains("[1] <source>Phở xuất hiện ở Nam Định đầu thế kỷ 20.</source>", user.Content, StringComparison.Ordinal);
            });

        Assert.Equal(
            [new("prompt", 10), new("model", 30), new("model", 80), new("parse", 90), new("done", 100)],
            _progress.Reports);
        AssertLogsAreClean();
    }

    [Fact]
    public async Task GenerateAsync_EnglishLongRequest_AsksForEnglishAndLongWordRange()
    {
        await using var server = await FakeChatCompletionsServer.StartAsync(Replies.Script("T", "D", "S"));
        var generator = CreateGenerator(server);

        await generator.GenerateAsync(_request with { Language = "en", Length = ScriptLength.Long, Sources = [] }, _progress, CancellationToken.None).DefaultTimeout();

        var user = Assert.Single(server.Requests).Messages[1].Content;
        Assert.Contains("Language: English (en)", user, StringComparison.Ordinal);
        Assert.Contains("between 800 and 1300 words", user, StringComparison.Ordinal);
        Assert.DoesNotContain("<source>", user, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateAsync_JsonResponseFormatDisabled_OmitsResponseFormat()
    {
        await using var server = await FakeChatCompletionsServer.StartAsync(Replies.Script("T", "D", "S"));
        var generator = CreateGenerator(server, o => o.UseJsonResponseFormat = false);

        await generator.GenerateAsync(_request, _progress, CancellationToken.None).DefaultTimeout();

        Assert.Null(Assert.Single(server.Requests).ResponseFormatType);
    }

    [Fact]
    public async Task GenerateAsync_AnswerInJsonFence_ParsesIt()
    {
        const string Fenced = "Here is your script:\n```json\n{\"title\": \"Phở\", \"description\": \"Món ăn.\", \"script\": \"Đoạn một.\\n\\nĐoạn hai.\"}\n```\n";
        await using var server = await FakeChatCompletionsServer.StartAsync(Replies.Completion(Fenced));
        var generator = CreateGenerator(server);

        var script = await generator.GenerateAsync(_request, _progress, CancellationToken.None).DefaultTimeout();

        Assert.Equal(new GeneratedScript("Phở", "Món ăn.", "Đoạn một.\n\nĐoạn hai."), script);
    }

    [Fact]
    public async Task GenerateAsync_AnswerWithoutTitle_UsesTopic()
    {
        await using var server = await FakeChatCompletionsServer.StartAsync(Replies.Completion("{\"script\": \"Chỉ có nội dung.\"}"));
        var generator = CreateGenerator(server);

        var script = await generator.GenerateAsync(_request, _progress, CancellationToken.None).DefaultTimeout();

        Assert.Equal(new GeneratedScript(_request.Topic, string.Empty, "Chỉ có nội dung."), script);
    }

    [Theory]
    [InlineData("I cannot help with that.", "stop")]
    [InlineData("{\"title\": \"T\", \"description\": \"D\", \"script\": \"cut off in the mid", "length")]
    [InlineData("{\"title\": \"T\", \"description\": \"D\"}", "stop")]
    public async Task GenerateAsync_AnswerUnreadable_ThrowsScriptGenerationExceptionWithoutRetry(string content, string finishReason)
    {
        await using var server = await FakeChatCompletionsServer.StartAsync(Replies.Completion(content, finishReason));
        var generator = CreateGenerator(server);

        var ex = await Assert.ThrowsAsync<ScriptGenerationException>(() => generator.GenerateAsync(_request, _progress, CancellationToken.None)).DefaultTimeout();

        Assert.Equal("The language model returned an answer that could not be read.", ex.Message);
        Assert.Single(server.Requests);
        Assert.Equal("parse", _progress.Reports[^1].Stage);
        Assert.DoesNotContain(_logs.Entries, e => e.ToString().Contains(content, StringComparison.Ordinal));
    }

    [Fact]
    public async Task GenerateAsync_429ThenSuccess_WaitsRetryAfterAndRetries()
    {
        await using var server = await FakeChatCompletionsServer.StartAsync(Replies.Error(429, retryAfter: "7"), Replies.Script("T", "D", "S"));
        var generator = CreateGenerator(server);

        var generating = generator.GenerateAsync(_request, _progress, CancellationToken.None);

        Assert.Equal(TimeSpan.FromSeconds(7), await _time.NextTimerAsync());
        Assert.False(generating.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(7));

        var script = await generating.DefaultTimeout();
        Assert.Equal("S", script.Script);
        Assert.Equal(2, server.Requests.Count);
        Assert.All(server.Requests, r => Assert.Equal("Bearer " + _apiKey, r.Authorization));
        Assert.Equal(1, _time.TimersCreated);
        AssertLogsAreClean();
    }

    [Fact]
    public async Task GenerateAsync_ServerErrorEveryTime_BacksOffExponentiallyThenThrows()
    {
        await using var server = await FakeChatCompletionsServer.StartAsync(Replies.Error(500));
        var generator = CreateGenerator(server, o => o.MaxRetries = 3);

        var generating = generator.GenerateAsync(_request, _progress, CancellationToken.None);

        foreach (var seconds in new[] { 1, 2, 4 })
        {
            var delay = await _time.NextTimerAsync();
            Assert.InRange(delay, TimeSpan.FromSeconds(seconds), TimeSpan.FromSeconds(seconds * 1.2));
            _time.Advance(delay);
        }

        var ex = await Assert.ThrowsAsync<ScriptGenerationException>(() => generating).DefaultTimeout();
        Assert.Equal("The language model service is unavailable (HTTP 500); gave up after 4 attempts.", ex.Message);
        Assert.Equal(4, server.Requests.Count);
        Assert.Equal(3, _time.TimersCreated);
        AssertLogsAreClean();
    }

    [Fact]
    public async Task GenerateAsync_NoRetriesConfigured_ThrowsAfterOneAttempt()
    {
        await using var server = await FakeChatCompletionsServer.StartAsync(Replies.Error(503));
        var generator = CreateGenerator(server, o => o.MaxRetries = 0);

        var ex = await Assert.ThrowsAsync<ScriptGenerationException>(() => generator.GenerateAsync(_request, _progress, CancellationToken.None)).DefaultTimeout();

        Assert.Equal("The language model service is unavailable (HTTP 503).", ex.Message);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task GenerateAsync_Unauthorized_ThrowsSafeMessageWithoutRetry()
    {
        await using var server = await FakeChatCompletionsServer.StartAsync(Replies.Error(401, message: "Incorrect API key provided: sk-abc***"), Replies.Script("T", "D", "S"));
        var generator = CreateGenerator(server);

        var ex = await Assert.ThrowsAsync<ScriptGenerationException>(() => generator.GenerateAsync(_request, _progress, CancellationToken.None)).DefaultTimeout();

        Assert.Equal("The language model service refused the API key (HTTP 401).", ex.Message);
        Assert.Single(server.Requests);
        Assert.Equal(0, _time.TimersCreated);
        AssertLogsAreClean();
    }

    [Theory]
    [InlineData(400)]
    [InlineData(404)]
    [InlineData(422)]
    public async Task GenerateAsync_ClientError_ThrowsRejectedWithoutRetry(int status)
    {
        await using var server = await FakeChatCompletionsServer.StartAsync(Replies.Error(status), Replies.Script("T", "D", "S"));
        var generator = CreateGenerator(server);

        var ex = await Assert.ThrowsAsync<ScriptGenerationException>(() => generator.GenerateAsync(_request, _progress, CancellationToken.None)).DefaultTimeout();

        Assert.Equal($"The language model service rejected the request (HTTP {status}).", ex.Message);
        Assert.DoesNotContain("provider internal detail", ex.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task GenerateAsync_RetryAfterLongerThanMaxBackoff_GivesUpAtOnce()
    {
        await using var server = await FakeChatCompletionsServer.StartAsync(Replies.Error(429, retryAfter: "120"), Replies.Script("T", "D", "S"));
        var generator = CreateGenerator(server, o => o.MaxBackoff = TimeSpan.FromSeconds(30));

        var ex = await Assert.ThrowsAsync<ScriptGenerationException>(() => generator.GenerateAsync(_request, _progress, CancellationToken.None)).DefaultTimeout();

        Assert.Equal("The language model service is busy (HTTP 429).", ex.Message);
        Assert.Single(server.Requests);
        Assert.Equal(0, _time.TimersCreated);
    }

    [Fact]
    public async Task GenerateAsync_ConnectionDropped_RetriesAsNetworkFailure()
    {
        await using var server = await FakeChatCompletionsServer.StartAsync(Replies.Drop(), Replies.Script("T", "D", "S"));
        var generator = CreateGenerator(server);

        var generating = generator.GenerateAsync(_request, _progress, CancellationToken.None);
        var delay = await _time.NextTimerAsync();
        Assert.InRange(delay, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1.2));
        _time.Advance(delay);

        Assert.Equal("S", (await generating.DefaultTimeout()).Script);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task GenerateAsync_AttemptExceedsRequestTimeout_AbortsAndRetries()
    {
        await using var server = await FakeChatCompletionsServer.StartAsync(Replies.Hang(), Replies.Script("T", "D", "S"));
        var generator = CreateGenerator(server, o => o.RequestTimeout = TimeSpan.FromSeconds(45));

        var generating = generator.GenerateAsync(_request, _progress, CancellationToken.None);

        Assert.Equal(TimeSpan.FromSeconds(45), await _time.NextTimerAsync());
        var first = await server.NextRequestAsync();
        _time.Advance(TimeSpan.FromSeconds(45));
        await first.Aborted.Task.DefaultTimeout();

        var backoff = await _time.NextTimerAsync();
        Assert.InRange(backoff, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1.2));
        _time.Advance(backoff);

        Assert.Equal("S", (await generating.DefaultTimeout()).Script);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task GenerateAsync_EveryAttemptTimesOut_ThrowsTimeoutMessage()
    {
        await using var server = await FakeChatCompletionsServer.StartAsync(Replies.Hang());
        var generator = CreateGenerator(server, o =>
        {
            o.RequestTimeout = TimeSpan.FromSeconds(10);
            o.MaxRetries = 1;
        });

        var generating = generator.GenerateAsync(_request, _progress, CancellationToken.None);

        Assert.Equal(TimeSpan.FromSeconds(10), await _time.NextTimerAsync());
        await server.NextRequestAsync();
        _time.Advance(TimeSpan.FromSeconds(10));
        var backoff = await _time.NextTimerAsync();
        _time.Advance(backoff);
        Assert.Equal(TimeSpan.FromSeconds(10), await _time.NextTimerAsync());
        await server.NextRequestAsync();
        _time.Advance(TimeSpan.FromSeconds(10));

        var ex = await Assert.ThrowsAsync<ScriptGenerationException>(() => generating).DefaultTimeout();
        Assert.Equal("The language model service did not answer in time; gave up after 2 attempts.", ex.Message);
    }

    [Fact]
    public async Task GenerateAsync_CancelledWhileModelWorks_AbortsRequestAndThrowsOperationCanceled()
    {
        await using var server = await FakeChatCompletionsServer.StartAsync(Replies.Hang());
        var generator = CreateGenerator(server);
        using var cts = new CancellationTokenSource();

        var generating = generator.GenerateAsync(_request, _progress, cts.Token);
        var request = await server.NextRequestAsync();
        cts.Cancel();

        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => generating).DefaultTimeout();
        Assert.Equal(cts.Token, ex.CancellationToken);
        await request.Aborted.Task.DefaultTimeout();
        Assert.Single(server.Requests);
        Assert.Equal(new GenerationProgress("model", 30), _progress.Reports[^1]);
    }

    [Fact]
    public async Task GenerateAsync_CancelledWithRequestTimeoutSet_ThrowsOperationCanceledForCallerToken()
    {
        await using var server = await FakeChatCompletionsServer.StartAsync(Replies.Hang());
        var generator = CreateGenerator(server, o => o.RequestTimeout = TimeSpan.FromSeconds(45));
        using var cts = new CancellationTokenSource();

        var generating = generator.GenerateAsync(_request, _progress, cts.Token);
        var request = await server.NextRequestAsync();
        cts.Cancel();

        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => generating).DefaultTimeout();
        Assert.Equal(cts.Token, ex.CancellationToken);
        await request.Aborted.Task.DefaultTimeout();
    }

    [Fact]
    public async Task GenerateAsync_CancelledDuringBackoff_StopsRetrying()
    {
        await using var server = await FakeChatCompletionsServer.StartAsync(Replies.Error(503));
        var generator = CreateGenerator(server);
        using var cts = new CancellationTokenSource();

        var generating = generator.GenerateAsync(_request, _progress, cts.Token);
        await _time.NextTimerAsync();
        cts.Cancel();

        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => generating).DefaultTimeout();
        Assert.Equal(cts.Token, ex.CancellationToken);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task GenerateAsync_TokenAlreadyCancelled_SendsNothing()
    {
        await using var server = await FakeChatCompletionsServer.StartAsync(Replies.Script("T", "D", "S"));
        var generator = CreateGenerator(server);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => generator.GenerateAsync(_request, _progress, new CancellationToken(canceled: true))).DefaultTimeout();

        Assert.Empty(server.Requests);
        Assert.Empty(_progress.Reports);
    }

    private LlmScriptGenerator CreateGenerator(FakeChatCompletionsServer server, Action<LlmGeneratorOptions>? configure = null)
    {
        var options = new LlmGeneratorOptions
        {
            Endpoint = server.Endpoint,
            Model = Model,
            ApiKeyEnvironmentVariable = _keyVariable,
            RequestTimeout = Timeout.InfiniteTimeSpan,
        };
        configure?.Invoke(options);
        var client = LlmChatClientFactory.Create(options);
        _clients.Add(client);
        return new LlmScriptGenerator(client, Options.Create(options), _logs.CreateLogger<LlmScriptGenerator>(), _time);
    }

    /// <summary>No log entry carries the API key, and none at Information or above carries the caller's text.</summary>
    private void AssertLogsAreClean()
    {
        Assert.NotEmpty(_logs.Entries);
        Assert.DoesNotContain(_logs.Entries, e => e.ToString().Contains(_apiKey, StringComparison.Ordinal));
        Assert.DoesNotContain(_logs.Entries, e => e.Level >= LogLevel.Information && e.ToString().Contains(_request.Topic, StringComparison.Ordinal));
        Assert.DoesNotContain(_logs.Entries, e => e.Level >= LogLevel.Information && e.ToString().Contains(_request.Sources[0], StringComparison.Ordinal));
    }
}
