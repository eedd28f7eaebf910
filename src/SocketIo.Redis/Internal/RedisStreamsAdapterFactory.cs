using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SocketIo.Adapters;
using SocketIo.Redis.Diagnostics;
using SocketIo.Redis.Protocol;
using StackExchange.Redis;

namespace SocketIo.Redis.Internal;

/// <summary>
/// Gives every namespace a <see cref="RedisStreamsAdapter"/> over the one shared connection, and reads each stream in
/// use once, on a connection of its own, handing its entries to the adapter of their namespace; closes them at
/// shutdown.
/// </summary>
internal sealed class RedisStreamsAdapterFactory : ISocketIoAdapterFactory, IAsyncDisposable
{
    private readonly RedisConnection _connection;
    private readonly RedisStreamsAdapterOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly RedisAdapterMetrics _metrics;
    private readonly ILogger _logger;
    private readonly NamespaceAdapters<RedisStreamsAdapter> _adapters = new();
    private readonly ConcurrentDictionary<string, RedisStreamsAdapter> _byNamespace = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<RedisStreamPoller>> _pollers = new(StringComparer.Ordinal);

    public RedisStreamsAdapterFactory(RedisConnection connection, IOptions<RedisStreamsAdapterOptions> options, TimeProvider timeProvider, RedisAdapterMetrics metrics, ILoggerFactory loggerFactory)
    {
        _connection = connection;
        _options = options.Value;
        _options.Validate();
        _timeProvider = timeProvider;
        _metrics = metrics;
        _logger = loggerFactory.CreateLogger("SocketIo.Redis");
    }

    public ISocketIoAdapter Create(SocketIoNamespace nsp)
    {
        var poller = Poller(RedisStreamsAdapter.StreamName(nsp.Name, _options));
        var adapter = new RedisStreamsAdapter(nsp, _connection, _options, _timeProvider, _metrics, _logger, poller, closed: Closed);
        _byNamespace[nsp.Name] = adapter;
        _adapters.Add(adapter);
        return adapter;
    }

    /// <summary>The poller of a stream, started on first use.</summary>
    internal RedisStreamPoller Poller(string stream) => _pollers.GetOrAdd(
        stream,
        static (name, factory) => new Lazy<RedisStreamPoller>(() => new RedisStreamPoller(
            name,
            ConfigurationOptions.Parse(factory._connection.Multiplexer.Configuration),
            factory._options,
            factory.OnEntryAsync,
            factory._timeProvider,
            factory._logger)),
        this).Value;

    private Task OnEntryAsync(string id, RedisResult fields)
    {
        if (!ClusterStreamEntry.TryReadHead(fields, out var uid, out var nsp, out var type, out var data)
            || !_byNamespace.TryGetValue(nsp, out var adapter))
        {
            return Task.CompletedTask;
        }

        return adapter.OnEntryAsync(id, uid, type, data);
    }

    private void Closed(RedisStreamsAdapter adapter)
    {
        _adapters.Remove(adapter);
        _byNamespace.TryRemove(new KeyValuePair<string, RedisStreamsAdapter>(adapter.Namespace, adapter));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var poller in _pollers.Values)
        {
            await poller.Value.DisposeAsync();
        }

        _pollers.Clear();
        await _adapters.DisposeAsync();
    }
}
