namespace SocketIo.Redis.InteropTests.Infrastructure;

/// <summary>Whose server a cluster node runs.</summary>
public enum NodeKind
{
    /// <summary>Node socket.io 4.8.4 with @socket.io/redis-adapter 8.3.0 (<c>node/node-server.mjs</c>).</summary>
    Node,

    /// <summary>Our server with our Redis adapter, hosted by the test process on a loopback port.</summary>
    Ours,
}
