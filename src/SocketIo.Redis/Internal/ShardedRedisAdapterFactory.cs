using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SocketIo.Adapters;
using SocketIo.Redis.Diagnostics;

namespace SocketIo.Redis.Internal;

/// <summary>Gives every namespace a <see cref="ShardedRedisAdapter"/> over the one shared connection; closes them at shutdown.</summary>
internal sealed class ShardedRedisAdapterFactory(
    RedisConnection connection,
    IOptions<RedisShardedAdapterOptions> options,
    TimeProvider timeProvider,
    RedisAdapterMetrics metrics,
    ILoggerFactory loggerFactory) : ISocketIoAdapterFactory, IAsyncDisposable
{
    private readonly RedisShardedAdapterOptions _options = Validated(options.Value);
    private readonly ILogger _logger = loggerFactory.CreateLogger("SocketIo.Redis");
    private readonly ConcurrentDictionary<ShardedRedisAdapter, byte> _adapters = new();

    private static RedisShardedAdapterOptions Validated(RedisShardedAdapterOptions options)
    {
        options.Validate();
        return options;
    }

    public ISocketIoAdapter Create(SocketIoNamespace nsp)
    {
        var adapter = new ShardedRedisAdapter(nsp, connection, _options, timeProvider, metrics, _logger);
        _adapters[adapter] = 0;
        return adapter;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var adapter in _adapters.Keys)
        {
            await adapter.DisposeAsync();
        }

        _adapters.Clear();
    }
}
