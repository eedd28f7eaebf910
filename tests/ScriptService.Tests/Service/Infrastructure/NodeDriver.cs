using System.Text.Json;
using System.Text.Json.Nodes;

namespace ScriptService.Tests.Service.Infrastructure;

/// <summary>
/// Drives <c>client/driver.mjs</c>: named socket.io-client sockets in one Node process, each step a command, each
/// thing a socket sees an event line the test can await (see the script's header for the protocol).
/// </summary>
internal sealed class NodeDriver : IAsyncDisposable
{
    private readonly NodeProcess _node;
    private readonly string _defaultUrl;
    private int _nextId;

    private NodeDriver(NodeProcess node, string defaultUrl)
    {
        _node = node;
        _defaultUrl = defaultUrl;
    }

    public NodeProcess Process => _node;

    /// <summary>Starts a driver whose sockets connect to <paramref name="host"/> unless told another URL.</summary>
    public static NodeDriver Start(ServiceHost host) => Start(host.Url, host.Describe);

    public static NodeDriver Start(string url, Func<string>? context = null) =>
        new(NodeProcess.Start("driver.mjs", [], context), url);

    /// <summary>Opens socket <paramref name="sock"/> and returns its <c>connection_ack</c> event (fails on a connect_error).</summary>
    public async Task<JsonElement> ConnectAsync(
        string sock,
        string mode = "websocket",
        JsonObject? auth = null,
        JsonObject? extraHeaders = null,
        bool reconnection = false,
        bool reregister = false,
        string? url = null)
    {
        await OpenAsync(sock, mode, auth, extraHeaders, reconnection, reregister, url);
        var seen = await _node.WaitForAsync(
            e => IsEvent(e, sock, "connection_ack") || IsEvent(e, sock, "connect_error"),
            $"connection_ack of socket '{sock}'");
        Assert.True(NodeProcess.Str(seen, "ev") == "connection_ack", $"Socket '{sock}' could not connect: {seen}{Environment.NewLine}{_node.Describe()}");
        return seen;
    }

    /// <summary>Opens socket <paramref name="sock"/>, expecting the server to refuse it; returns the connect_error event.</summary>
    public async Task<JsonElement> ConnectRefusedAsync(
        string sock,
        string mode = "websocket",
        JsonObject? auth = null,
        JsonObject? extraHeaders = null,
        string? url = null,
        string? authJson = null)
    {
        await OpenAsync(sock, mode, auth, extraHeaders, reconnection: false, reregister: false, url, authJson);
        var seen = await _node.WaitForAsync(
            e => IsEvent(e, sock, "connection_ack") || IsEvent(e, sock, "connect_error"),
            $"connect_error of socket '{sock}'");
        Assert.True(NodeProcess.Str(seen, "ev") == "connect_error", $"Socket '{sock}' was expected to be refused, got {seen}{Environment.NewLine}{_node.Describe()}");
        return seen;
    }

    /// <summary>
    /// Opens socket <paramref name="sock"/> on another namespace than the service's (whose sockets get no
    /// <c>connection_ack</c>), and returns its <c>connect</c> or <c>connect_error</c> event.
    /// </summary>
    public async Task<JsonElement> ConnectNamespaceAsync(string sock, string url, JsonObject? auth = null)
    {
        await OpenAsync(sock, "websocket", auth, extraHeaders: null, reconnection: false, reregister: false, url);
        return await _node.WaitForAsync(e => IsEvent(e, sock, "connect") || IsEvent(e, sock, "connect_error"), $"connect or connect_error of socket '{sock}'");
    }

    /// <summary>Sends <c>register(jobId, ack)</c> and returns the ack.</summary>
    public Task<JsonElement> RegisterAsync(string sock, string jobId) => EmitWithAckAsync(sock, "register", JsonValue.Create(jobId));

    /// <summary>Sends <c>unregister(jobId, ack)</c> and returns the ack.</summary>
    public Task<JsonElement> UnregisterAsync(string sock, string jobId) => EmitWithAckAsync(sock, "unregister", JsonValue.Create(jobId));

    /// <summary>Emits an event with an ack callback and returns the ack's first argument.</summary>
    public async Task<JsonElement> EmitWithAckAsync(string sock, string eventName, params JsonNode?[] args)
    {
        var reply = await CommandAsync(new JsonObject
        {
            ["op"] = "emit",
            ["sock"] = sock,
            ["event"] = eventName,
            ["args"] = new JsonArray([.. args.Select(a => a?.DeepClone())]),
            ["ack"] = true,
        });
        Assert.False(reply.GetProperty("timedOut").GetBoolean(), $"'{eventName}' on socket '{sock}' was never acknowledged.{Environment.NewLine}{_node.Describe()}");
        var ackArgs = reply.GetProperty("args");
        Assert.True(ackArgs.GetArrayLength() >= 1, $"The ack of '{eventName}' carried no argument: {reply}");
        return ackArgs[0];
    }

    /// <summary>
    /// Emits an event with an ack callback, its arguments given as JSON text that Node parses: the way to send what
    /// .NET will not write, such as a string with a lone surrogate (<c>["\ud800"]</c>). Returns the ack's first argument.
    /// </summary>
    public async Task<JsonElement> EmitRawWithAckAsync(string sock, string eventName, string argsJson)
    {
        var reply = await CommandAsync(new JsonObject
        {
            ["op"] = "emit",
            ["sock"] = sock,
            ["event"] = eventName,
            ["argsJson"] = argsJson,
            ["ack"] = true,
        });
        Assert.False(reply.GetProperty("timedOut").GetBoolean(), $"'{eventName}' on socket '{sock}' was never acknowledged.{Environment.NewLine}{_node.Describe()}");
        var ackArgs = reply.GetProperty("args");
        Assert.True(ackArgs.GetArrayLength() >= 1, $"The ack of '{eventName}' carried no argument: {reply}");
        return ackArgs[0];
    }

    /// <summary>Emits an event without an ack callback.</summary>
    public Task EmitAsync(string sock, string eventName, params JsonNode?[] args) => CommandAsync(new JsonObject
    {
        ["op"] = "emit",
        ["sock"] = sock,
        ["event"] = eventName,
        ["args"] = new JsonArray([.. args.Select(a => a?.DeepClone())]),
        ["ack"] = false,
    });

    /// <summary>Drops the socket's connection (<c>socket.io.engine.close()</c>), as a network failure would.</summary>
    public Task DropAsync(string sock, bool stayAway = false) => CommandAsync(new JsonObject { ["op"] = "drop", ["sock"] = sock, ["stayAway"] = stayAway });

    /// <summary>Connects a socket dropped with <c>stayAway</c> again.</summary>
    public Task ReconnectAsync(string sock) => CommandAsync(new JsonObject { ["op"] = "reconnect", ["sock"] = sock });

    public Task CloseAsync(string sock) => CommandAsync(new JsonObject { ["op"] = "close", ["sock"] = sock });

    /// <summary>The socket's first <c>scriptResult</c> for the job (already received or to come).</summary>
    public async Task<JsonElement> ResultAsync(string sock, string jobId) =>
        (await _node.WaitForAsync(e => IsResult(e, sock, jobId), $"scriptResult of job '{jobId}' on socket '{sock}'")).GetProperty("result");

    /// <summary>The <paramref name="n"/>-th (1-based) event <paramref name="ev"/> of the socket.</summary>
    public Task<JsonElement> EventAsync(string sock, string ev, int n = 1)
    {
        var seen = 0;
        return _node.WaitForAsync(e => IsEvent(e, sock, ev) && ++seen == n, $"event '{ev}' #{n} of socket '{sock}'");
    }

    /// <summary>The first event of the socket that matches.</summary>
    public Task<JsonElement> EventAsync(string sock, string ev, Func<JsonElement, bool> match, string what) =>
        _node.WaitForAsync(e => IsEvent(e, sock, ev) && match(e), what);

    /// <summary>How many <c>scriptResult</c>s the socket has received for the job so far.</summary>
    public int ResultCount(string sock, string jobId) => _node.Count(e => IsResult(e, sock, jobId));

    /// <summary>The job ids of every <c>scriptResult</c> the socket has received so far, in order.</summary>
    public IReadOnlyList<string> ResultJobIds(string sock) =>
        [.. _node.Lines.Where(e => IsEvent(e, sock, "scriptResult")).Select(e => e.GetProperty("result").GetProperty("job_id").GetString()!)];

    /// <summary>
    /// The socket's <c>scriptProgress</c> and <c>scriptResult</c> so far, in the order received: <c>"stage percent"</c>
    /// for a progress report, <c>"result"</c> for a result.
    /// </summary>
    public IReadOnlyList<string> ProgressAndResults(string sock) =>
        [.. _node.Lines.Where(e => IsEvent(e, sock, "scriptProgress") || IsEvent(e, sock, "scriptResult"))
            .Select(e => NodeProcess.Str(e, "ev") == "scriptResult"
                ? "result"
                : e.GetProperty("progress").GetProperty("stage").GetString() + " " + e.GetProperty("progress").GetProperty("progress").GetInt32())];

    public IReadOnlyList<JsonElement> Events(string sock, string ev) => [.. _node.Lines.Where(e => IsEvent(e, sock, ev))];

    public string Describe() => _node.Describe();

    public ValueTask DisposeAsync() => _node.DisposeAsync();

    private static bool IsEvent(JsonElement e, string sock, string ev) => NodeProcess.Str(e, "ev") == ev && NodeProcess.Str(e, "sock") == sock;

    private static bool IsResult(JsonElement e, string sock, string jobId) =>
        IsEvent(e, sock, "scriptResult") && e.GetProperty("result").TryGetProperty("job_id", out var id) && id.ValueKind == JsonValueKind.String && id.GetString() == jobId;

    private Task OpenAsync(string sock, string mode, JsonObject? auth, JsonObject? extraHeaders, bool reconnection, bool reregister, string? url, string? authJson = null) =>
        CommandAsync(new JsonObject
        {
            ["op"] = "connect",
            ["sock"] = sock,
            ["url"] = url ?? _defaultUrl,
            ["mode"] = mode,
            ["auth"] = auth?.DeepClone(),
            ["authJson"] = authJson,
            ["extraHeaders"] = extraHeaders?.DeepClone(),
            ["reconnection"] = reconnection,
            ["reregister"] = reregister,
        });

    private async Task<JsonElement> CommandAsync(JsonObject command)
    {
        var id = Interlocked.Increment(ref _nextId);
        command["id"] = id;
        await _node.SendAsync(command.ToJsonString());
        var reply = await _node.WaitForAsync(
            e => NodeProcess.Str(e, "ev") == "reply" && e.TryGetProperty("id", out var replyId) && replyId.GetInt32() == id,
            $"the driver's reply to {command.ToJsonString()}");
        if (reply.TryGetProperty("error", out var error))
        {
            Assert.Fail($"The driver failed {command.ToJsonString()}: {error}{Environment.NewLine}{_node.Describe()}");
        }

        return reply;
    }
}
