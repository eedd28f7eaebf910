using SocketIo.Tests.Infrastructure;

namespace SocketIo.Redis.InteropTests.Infrastructure;

/// <summary>
/// Our server as a cluster node: a Kestrel host of the test process on a loopback port with the Redis adapter and the
/// control events of <c>node-server.mjs</c>. Its log is captured; an error in it fails the test when it stops.
/// </summary>
internal sealed class OurNode : IClusterNode
{
    private readonly SocketIoTestServer _server;

    private OurNode(SocketIoTestServer server, string name)
    {
        _server = server;
        Name = name;
        Url = server.BaseAddress.ToString().TrimEnd('/');
    }

    public string Name { get; }

    public string Url { get; }

    /// <summary>Starts the node; with <paramref name="recovery"/>, connection state recovery on with its defaults (as Node's <c>--recovery</c>).</summary>
    public static async Task<OurNode> StartAsync(string name, string redis, AdapterKind kind, bool recovery = false)
    {
        var server = await SocketIoTestServer.StartAsync(
            io => OurControlEvents.Register(io, name),
            options: o => o.ConnectionStateRecovery = recovery ? new SocketIoConnectionStateRecoveryOptions() : null,
            services: s => kind.AddTo(s, redis));
        try
        {
            // The count waits for the adapter's own subscriptions, and asks nothing of the other servers: once it
            // answers, this node hears the cluster (the cluster then checks that each node hears the other).
            await server.Io.Sockets.Adapter.ServerCountAsync().AsTask().DefaultTimeout();
            return new OurNode(server, name);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
