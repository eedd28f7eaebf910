using System.Buffers;
using System.Text;

namespace EngineIo.Internal;

/// <summary>
/// The Engine.IO endpoints mapped in this app: every server, so that shutdown can reach all of them, and the paths
/// the dense WebSocket path may serve, so that a connection middleware can find the endpoint a request is for.
/// </summary>
internal sealed class EngineIoServerRegistry : IDisposable
{
    /// <summary>What routing would read as a parameter, a catch-all or an escape, rather than as a literal path.</summary>
    private static readonly SearchValues<char> _nonLiteral = SearchValues.Create("{}*%?#\\");

    private readonly Lock _lock = new();
    private readonly List<EngineIoServer> _servers = [];

    /// <summary>Copied on write (endpoints are mapped at startup), read without a lock by every new connection.</summary>
    private volatile DenseEndpoint[] _denseEndpoints = [];

    public void Add(EngineIoServer server)
    {
        lock (_lock)
        {
            _servers.Add(server);
        }
    }

    /// <summary>
    /// Makes the endpoint at <paramref name="path"/> reachable from the dense WebSocket path. Only a literal path can be
    /// matched without routing; one with route parameters or escapes is served by the standard path alone.
    /// </summary>
    public void AddDenseEndpoint(string path, EngineIoDispatcher dispatcher)
    {
        var prefix = path.TrimEnd('/');
        if (!path.StartsWith('/') || prefix.AsSpan().ContainsAny(_nonLiteral) || !Ascii.IsValid(prefix))
        {
            return;
        }

        lock (_lock)
        {
            _denseEndpoints = [.. _denseEndpoints, new DenseEndpoint(prefix, dispatcher)];
        }
    }

    /// <summary>
    /// The endpoint that serves <paramref name="path"/>: its path itself or any path below it, compared as routing
    /// compares literals (ignoring case); the longest match wins, as the more specific route would.
    /// </summary>
    public EngineIoDispatcher? FindDenseEndpoint(string path)
    {
        DenseEndpoint? best = null;
        foreach (var endpoint in _denseEndpoints)
        {
            var prefix = endpoint.Prefix;
            var matches = path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
                && (path.Length == prefix.Length || path[prefix.Length] == '/');
            if (matches && (best is null || prefix.Length > best.Prefix.Length))
            {
                best = endpoint;
            }
        }

        return best?.Dispatcher;
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

    /// <summary>A mapped path without its trailing slash ("" for the root), and its endpoint's dispatcher.</summary>
    private sealed record DenseEndpoint(string Prefix, EngineIoDispatcher Dispatcher);
}
