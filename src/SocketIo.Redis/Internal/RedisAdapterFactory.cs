using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SocketIo.Adapters;
using SocketIo.Redis.Diagnostics;

namespace SocketIo.Redis.Internal;

/// <summary>Gives every namespace a <see cref="RedisAdapter"/> over the one shared connection; closes them at shutdown.</summary>
internal sealed class RedisAdapterFactory : ISocketIoAdapterFactory, IAsyncDisposable
{
    private readonly RedisConnection _connection;
    private readonly RedisAdapterOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly RedisAdapterMetrics _metrics;
    private readonly ILogger _logger;
    private readonly NamespaceAdapters<RedisAdapter> _adapters = new();

    public RedisAdapterFactory(RedisConnection connection, IOptions<RedisAdapterOptions> options, TimeProvider timeProvider, RedisAdapterMetrics metrics, ILoggerFactory loggerFactory)
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
        return _adapters.Add(new RedisAdapter(nsp, _connection, _options, _timeProvider, _metrics, _logger, closed: _adapters.Remove));
    }

    public ValueTask DisposeAsync() => _adapters.DisposeAsync();
}
