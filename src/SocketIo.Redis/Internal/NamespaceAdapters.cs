using System.Collections.Concurrent;

namespace SocketIo.Redis.Internal;

/// <summary>The namespace adapters a factory made, closed together at shutdown.</summary>
internal sealed class NamespaceAdapters<TAdapter> : IAsyncDisposable
    where TAdapter : class, IAsyncDisposable
{
    private readonly ConcurrentDictionary<TAdapter, byte> _adapters = new();

    public TAdapter Add(TAdapter adapter)
    {
        _adapters[adapter] = 0;
        return adapter;
    }

    /// <summary>Forgets an adapter that closed before the factory (its namespace was removed).</summary>
    public void Remove(TAdapter adapter) => _adapters.TryRemove(adapter, out _);

    public async ValueTask DisposeAsync()
    {
        foreach (var adapter in _adapters.Keys)
        {
            await adapter.DisposeAsync();
        }

        _adapters.Clear();
    }
}
