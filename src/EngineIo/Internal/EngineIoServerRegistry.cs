namespace EngineIo.Internal;

/// <summary>The Engine.IO endpoints mapped in this app, so that shutdown can reach all of them.</summary>
internal sealed class EngineIoServerRegistry : IDisposable
{
    private readonly Lock _lock = new();
    private readonly List<EngineIoServer> _servers = [];

    public void Add(EngineIoServer server)
    {
        lock (_lock)
        {
            _servers.Add(server);
        }
    }

    public EngineIoServer[] Snapshot()
    {
        lock (_lock)
        {
            return [.. _servers];
        }
    }

    public void Dispose()
    {
        foreach (var server in Snapshot())
        {
            server.Dispose();
        }
    }
}
