using Microsoft.Extensions.Logging;
using SocketIo.Redis.Diagnostics;
using StackExchange.Redis;

namespace SocketIo.Redis.Internal;

/// <summary>
/// The adapter's use of one <see cref="IConnectionMultiplexer"/>: publishing without buffering while Redis is away,
/// counting subscribers, and logging connection loss and recovery. StackExchange.Redis reconnects with backoff and
/// subscribes again by itself; this only reports it.
/// </summary>
internal sealed partial class RedisConnection : IAsyncDisposable
{
    private readonly bool _owned;
    private readonly int _maxPending;
    private readonly RedisAdapterMetrics _metrics;
    private readonly ILogger _logger;
    private int _pending;

    public RedisConnection(IConnectionMultiplexer multiplexer, bool owned, int maxPending, RedisAdapterMetrics metrics, ILogger logger)
    {
        Multiplexer = multiplexer;
        _owned = owned;
        _maxPending = maxPending;
        _metrics = metrics;
        _logger = logger;
        Subscriber = multiplexer.GetSubscriber();
        multiplexer.ConnectionFailed += OnConnectionFailed;
        multiplexer.ConnectionRestored += OnConnectionRestored;
    }

    public IConnectionMultiplexer Multiplexer { get; }

    public ISubscriber Subscriber { get; }

    /// <summary>
    /// Publishes unless Redis is not connected or <see cref="RedisAdapterOptions.MaxPendingPublishes"/> are already on
    /// their way: then the message is dropped and counted, never queued.
    /// </summary>
    public bool TryPublish(RedisChannel channel, byte[] message)
    {
        if (!Multiplexer.IsConnected)
        {
            Drop("disconnected", channel);
            return false;
        }

        if (Interlocked.Increment(ref _pending) > _maxPending)
        {
            Interlocked.Decrement(ref _pending);
            Drop("backlog", channel);
            return false;
        }

        Task<long> publish;
        try
        {
            publish = Subscriber.PublishAsync(channel, message);
        }
        catch (Exception ex)
        {
            Interlocked.Decrement(ref _pending);
            Log.PublishFailed(_logger, channel.ToString(), ex);
            _metrics.Dropped("error");
            return false;
        }

        _ = publish.ContinueWith(
            static (task, state) =>
            {
                var (connection, channel) = ((RedisConnection, RedisChannel))state!;
                Interlocked.Decrement(ref connection._pending);
                if (task.IsFaulted)
                {
                    Log.PublishFailed(connection._logger, channel.ToString(), task.Exception!.InnerException!);
                    connection._metrics.Dropped("error");
                }
            },
            (this, channel),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        return true;
    }

    private void Drop(string reason, RedisChannel channel)
    {
        _metrics.Dropped(reason);
        Log.MessageDropped(_logger, channel.ToString(), reason);
    }

    /// <summary>
    /// <c>PUBSUB NUMSUB</c> of a channel: on a cluster, summed over the primaries (as Node's adapter does); 1 (this
    /// server alone) when Redis cannot answer, so that a request goes to nobody rather than waits for its timeout.
    /// </summary>
    public Task<int> CountSubscribersAsync(RedisChannel channel) => CountAsync("NUMSUB", channel.ToString());

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e) =>
        Log.ConnectionFailed(_logger, e.EndPoint?.ToString(), e.ConnectionType.ToString(), e.FailureType.ToString(), e.Exception);

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e) =>
        Log.ConnectionRestored(_logger, e.EndPoint?.ToString(), e.ConnectionType.ToString());

    public async ValueTask DisposeAsync()
    {
        Multiplexer.ConnectionFailed -= OnConnectionFailed;
        Multiplexer.ConnectionRestored -= OnConnectionRestored;
        if (_owned)
        {
            await Multiplexer.DisposeAsync();
        }
    }
}
