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
    private readonly NamespaceAdapters<ShardedRedisAdapter> _adapters = new();

    private static RedisShardedAdapterOptions Validated(RedisShardedAdapterOptions options)
    {
        options.Validate();
        return options;
    }

    public ISocketIoAdapter Create(SocketIoNamespace nsp)
    {
        return _adapters.Add(new ShardedRedisAdapter(nsp, connection, _options, timeProvider, metrics, _logger, closed: _adapters.Remove));
    }

    public ValueTask DisposeAsync() => _adapters.DisposeAsync();
}
