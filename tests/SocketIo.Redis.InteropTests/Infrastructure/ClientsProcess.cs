using System.Text.Json;
using System.Text.Json.Nodes;

namespace SocketIo.Redis.InteropTests.Infrastructure;

/// <summary>
/// <c>node/clients.mjs</c>: socket.io-client 4.8.4 sockets connected to the nodes of a cluster, commanded over stdin;
/// every event they receive and every disconnect comes back as a JSON line, which the tests take as they wait for it.
/// </summary>
internal sealed class ClientsProcess : IAsyncDisposable
{
    private readonly NodeProcess _process;
    private int _seq;

    private ClientsProcess(NodeProcess process) => _process = process;

    public static async Task<ClientsProcess> StartAsync()
    {
        var process = NodeProcess.Start("clients.mjs");
        await process.TakeAsync(static l => Step(l) == "ready", "ready line");
        return new ClientsProcess(process);
    }

    /// <summary>
    /// Connects a socket to <c>/</c> of the node and returns its id. It answers acks with <c>{client, event}</c>, with
    /// <see cref="AckMode.Binary"/> with its name's bytes, and with <see cref="AckMode.None"/> not at all.
    /// </summary>
    public async Task<string> ConnectAsync(string client, string url, string transport, AckMode ack = AckMode.Json)
    {
        await SendAsync(new JsonObject
        {
            ["cmd"] = "connect",
            ["client"] = client,
            ["url"] = url,
            ["transport"] = transport,
            ["auth"] = new JsonObject { ["token"] = client },
            ["query"] = new JsonObject { ["q"] = client },
            ["ack"] = ack switch { AckMode.None => false, AckMode.Binary => "binary", _ => true },
        });
        var line = await _process.TakeAsync(l => Step(l) is "connected" or "connect_error" && Field(l, "client") == client, $"connect of {client}");
        using var doc = JsonDocument.Parse(line);
        if (Step(line) != "connected")
        {
            throw new InvalidOperationException($"{client} could not connect to {url}: {line}");
        }

        Assert.Equal(transport, doc.RootElement.GetProperty("transport").GetString());
        return doc.RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>Emits a (control) event with an ack and returns the ack's value.</summary>
    public async Task<JsonElement> CallAsync(string client, string eventName, params JsonNode?[] args)
    {
        var seq = Interlocked.Increment(ref _seq);
        await SendAsync(new JsonObject { ["cmd"] = "emit", ["client"] = client, ["seq"] = seq, ["event"] = eventName, ["args"] = new JsonArray(args) });
        var line = await _process.TakeAsync(l => Step(l) is "ack" or "ack_timeout" && Number(l, "seq") == seq, $"ack of {client} {eventName}");
        if (Step(line) != "ack")
        {
            throw new TimeoutException($"{client} {eventName}: no ack from the server.{_process.Describe()}");
        }

        using var doc = JsonDocument.Parse(line);
        return doc.RootElement.GetProperty("value").Clone();
    }

    /// <summary>The arguments (a JSON array, compact as Node writes it) of the next <paramref name="eventName"/> the client receives.</summary>
    public async Task<string> EventAsync(string client, string eventName)
    {
        var line = await _process.TakeAsync(l => Step(l) == "event" && Field(l, "client") == client && Field(l, "event") == eventName, $"{eventName} event at {client}");
        using var doc = JsonDocument.Parse(line);
        return doc.RootElement.GetProperty("args").GetRawText();
    }

    /// <summary>Closes the client's transport as a lost network does; returns the reason it reports.</summary>
    public async Task<string> CutAsync(string client)
    {
        await SendAsync(new JsonObject { ["cmd"] = "cut", ["client"] = client });
        return await DisconnectedAsync(client);
    }

    /// <summary>Reconnects a cut client to <paramref name="url"/>: its socket id then, and whether it was recovered.</summary>
    public async Task<(string Id, bool Recovered)> ReconnectAsync(string client, string url)
    {
        await SendAsync(new JsonObject { ["cmd"] = "reconnect", ["client"] = client, ["url"] = url });
        var line = await _process.TakeAsync(l => Step(l) is "connected" or "connect_error" && Field(l, "client") == client, $"reconnect of {client}");
        using var doc = JsonDocument.Parse(line);
        if (Step(line) != "connected")
        {
            throw new InvalidOperationException($"{client} could not reconnect to {url}: {line}");
        }

        return (doc.RootElement.GetProperty("id").GetString()!, doc.RootElement.GetProperty("recovered").GetBoolean());
    }

    /// <summary>The reason of the client's disconnect, once it happens.</summary>
    public async Task<string> DisconnectedAsync(string client)
    {
        var line = await _process.TakeAsync(l => Step(l) == "disconnect" && Field(l, "client") == client, $"disconnect of {client}");
        return Field(line, "reason")!;
    }

    /// <summary>The events the client received that no test step took (checked after a fence).</summary>
    public IReadOnlyList<string> UntakenEvents(string client) =>
        _process.Pending(l => Step(l) == "event" && Field(l, "client") == client).Select(l => Field(l, "event")!).ToList();

    /// <summary>The disconnects no test step took.</summary>
    public IReadOnlyList<string> UntakenDisconnects() =>
        _process.Pending(static l => Step(l) == "disconnect").Select(l => Field(l, "client")!).ToList();

    private Task SendAsync(JsonObject command) => _process.SendAsync(command.ToJsonString());

    private static string? Step(string line) => Field(line, "step");

    private static string? Field(string line, string name) =>
        Property(line, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    private static long Number(string line, string name) =>
        Property(line, name) is { ValueKind: JsonValueKind.Number } value ? value.GetInt64() : -1;

    private static JsonElement? Property(string line, string name)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty(name, out var value) ? value.Clone() : null;
        }
        catch (JsonException)
        {
            // Not one of the script's lines (a library's stray output): matches nothing.
            return null;
        }
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
