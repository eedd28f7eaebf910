using System.Text.Json;
using System.Text.Json.Nodes;

namespace SocketIo.Redis.InteropTests.Infrastructure;

/// <summary>
/// Two nodes on one Redis, A and B (each Node's or ours), with a control client on each and four members: on A one
/// over WebSocket and one over polling, on B the same, all in room <c>m</c>. Members authenticate with
/// <c>{token: name}</c> and send <c>?q=name</c>, so that the handshake a remote fetch returns can be checked.
/// </summary>
internal sealed class TestCluster : IAsyncDisposable
{
    public const string ControlA = "ctlA";
    public const string ControlB = "ctlB";

    public static readonly string[] Members = ["a-ws", "a-poll", "b-ws", "b-poll"];

    private readonly Dictionary<string, string> _ids = [];

    private readonly RedisServer _redis;

    private TestCluster(RedisServer redis, IClusterNode a, IClusterNode b, ClientsProcess clients)
    {
        _redis = redis;
        Redis = redis.Configuration;
        A = a;
        B = b;
        Clients = clients;
    }

    public string Redis { get; }

    public IClusterNode A { get; }

    public IClusterNode B { get; }

    public ClientsProcess Clients { get; }

    /// <summary>The socket id of a client (member or control).</summary>
    public string Id(string client) => _ids[client];

    /// <summary>Starts a redis-server of its own (stopped with the cluster), the two nodes and the clients.</summary>
    public static async Task<TestCluster> StartAsync(NodeKind first, NodeKind second, AdapterKind kind, bool recovery = false)
    {
        var redis = await RedisServer.StartAsync();
        IClusterNode? a = null;
        IClusterNode? b = null;
        ClientsProcess? clients = null;
        try
        {
            a = await StartNodeAsync(first, "A", redis.Configuration, kind, recovery);
            b = await StartNodeAsync(second, "B", redis.Configuration, kind, recovery);
            clients = await ClientsProcess.StartAsync();
            var cluster = new TestCluster(redis, a, b, clients);
            await cluster.ConnectAsync(ControlA, a, "websocket");
            await cluster.ConnectAsync(ControlB, b, "websocket");
            foreach (var member in Members)
            {
                await cluster.ConnectAsync(member, member.StartsWith('a') ? a : b, member.EndsWith("ws", StringComparison.Ordinal) ? "websocket" : "polling");
                await cluster.JoinAsync(member, "m");
            }

            await cluster.FormedAsync();
            return cluster;
        }
        catch
        {
            if (clients is not null)
            {
                await clients.DisposeAsync();
            }

            if (b is not null)
            {
                await b.DisposeAsync();
            }

            if (a is not null)
            {
                await a.DisposeAsync();
            }

            await redis.DisposeAsync();
            throw;
        }
    }

    private static async Task<IClusterNode> StartNodeAsync(NodeKind kind, string name, string redis, AdapterKind adapter, bool recovery) =>
        kind == NodeKind.Node
            ? await NodeServerNode.StartAsync(name, redis, adapter, recovery)
            : await OurNode.StartAsync(name, redis, adapter, recovery);

    public async Task<string> ConnectAsync(string client, IClusterNode node, string transport, AckMode ack = AckMode.Json)
    {
        var id = await Clients.ConnectAsync(client, node.Url, transport, ack);
        _ids[client] = id;
        return id;
    }

    /// <summary>The client's own socket joins the room (the control event <c>join</c>, sent by that client).</summary>
    public Task JoinAsync(string client, string room) => Clients.CallAsync(client, "join", room);

    /// <summary>A control event from the control client of A or B.</summary>
    public Task<JsonElement> CallAsync(string control, string eventName, JsonNode? arg) => Clients.CallAsync(control, eventName, arg);

    /// <summary>
    /// Until each node hears the other: at once with the classic adapter (it counts subscribers), after the first
    /// heartbeats with the sharded one (it counts the nodes it has heard from). Each try is a round trip through Redis,
    /// so the loop needs no pause; it ends at the default timeout.
    /// </summary>
    private async Task FormedAsync()
    {
        using var deadline = new CancellationTokenSource(TaskTimeoutExtensions.DefaultTimeoutValue);
        foreach (var control in new[] { ControlA, ControlB })
        {
            while (true)
            {
                var result = await CallAsync(control, "serverSideEmitWithAck", new JsonObject { ["event"] = "ask", ["args"] = new JsonArray("formed") });
                if (result.GetProperty("responses").GetArrayLength() == 1)
                {
                    break;
                }

                if (deadline.IsCancellationRequested)
                {
                    throw new TimeoutException($"{control}'s node does not hear the other: {result.GetRawText()}");
                }
            }
        }

        await BarrierAsync();
    }

    /// <summary>
    /// Each node asks the other (<c>serverSideEmitWithAck("ask")</c>) and must get exactly one answer. A node handles
    /// its request channel in order, so by its answer it has applied every request published before: a
    /// <c>socketsJoin</c>, a remote join, a server-side emit, an emitter's operation.
    /// </summary>
    public async Task BarrierAsync()
    {
        foreach (var (control, other) in new[] { (ControlA, B.Name), (ControlB, A.Name) })
        {
            var result = await CallAsync(control, "serverSideEmitWithAck", new JsonObject { ["event"] = "ask", ["args"] = new JsonArray("barrier") });
            Assert.Equal(JsonValueKind.Null, result.GetProperty("error").ValueKind);
            var answer = Assert.Single(result.GetProperty("responses").EnumerateArray());
            Assert.Equal(other, answer.GetProperty("name").GetString());
        }
    }

    /// <summary>
    /// A broadcast to everyone from <paramref name="control"/>'s node, awaited at every member: broadcasts from one
    /// node reach a node in the order published, so a member that has the fence has everything sent before it.
    /// </summary>
    public async Task FenceAsync(string control, params string[] members)
    {
        var token = Guid.NewGuid().ToString("N");
        await CallAsync(control, "emitTo", new JsonObject { ["event"] = "fence", ["args"] = new JsonArray(token) });
        foreach (var member in members.Length > 0 ? members : Members)
        {
            string args;
            do
            {
                args = await Clients.EventAsync(member, "fence");
            }
            while (!args.Contains(token, StringComparison.Ordinal));
        }
    }

    /// <summary>The ids of the sockets a fetch from <paramref name="control"/>'s node returns, sorted.</summary>
    public async Task<string[]> FetchIdsAsync(string control, JsonObject target)
    {
        var result = await CallAsync(control, "fetch", target);
        Assert.Equal(JsonValueKind.Array, result.ValueKind);
        return result.EnumerateArray().Select(static s => s.GetProperty("id").GetString()!).Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>The ids of the clients, sorted, to compare with <see cref="FetchIdsAsync"/>.</summary>
    public string[] Ids(params string[] clients) => clients.Select(Id).Order(StringComparer.Ordinal).ToArray();

    /// <summary>Stops everything, even when one part fails to stop (an error in our node's log fails its dispose).</summary>
    public async ValueTask DisposeAsync()
    {
        var errors = new List<Exception>();
        foreach (var part in new IAsyncDisposable[] { Clients, B, A, _redis })
        {
            try
            {
                await part.DisposeAsync();
            }
            catch (Exception ex)
            {
                errors.Add(ex);
            }
        }

        if (errors.Count > 0)
        {
            throw errors.Count == 1 ? errors[0] : new AggregateException(errors);
        }
    }
}
