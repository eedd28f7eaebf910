using Microsoft.Extensions.Logging;
using SocketIo.Redis.Diagnostics;
using StackExchange.Redis;

namespace SocketIo.Redis.Internal;

/// <summary>
/// The adapter's use of one <see cref="IConnectionMultiplexer"/>: publishing without buffering while Redis is away,
/// counting subscribers, and logging connection loss and recovery. StackExchange.Redis reconnects with backoff and
/// subscribes again by itself; this reports it, and tells when the renewed subscriptions are in place
/// (<see cref="IRedisAdapterConnection"/>).
/// </summary>
internal sealed partial class RedisConnection : IRedisAdapterConnection, IAsyncDisposable
{
    private readonly bool _owned;
    private readonly int _maxPending;
    private readonly RedisAdapterMetrics _metrics;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _disposed = new();
    private readonly Lock _restoring = new();
    private int _pending;

    /// <summary>Counts the losses of the connection: a confirmation of the subscriptions counts only if none came after it began.</summary>
    private long _losses;

    /// <summary>Whether the connection was lost and the subscriptions are not yet confirmed renewed.</summary>
    private volatile bool _lost;

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

    /// <inheritdoc/>
    public bool IsSubscribed => !_lost && Multiplexer.IsConnected;

    /// <inheritdoc/>
    public event EventHandler? SubscriptionsRestored;

    /// <inheritdoc/>
    public event EventHandler? MessageDropped;

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
            MessageDropped?.Invoke(this, EventArgs.Empty);
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
                    connection.MessageDropped?.Invoke(connection, EventArgs.Empty);
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
        MessageDropped?.Invoke(this, EventArgs.Empty);
    }

    /// <summary>
    /// <c>PUBSUB NUMSUB</c> of a channel: on a cluster, summed over the primaries (as Node's adapter does); 1 (this
    /// server alone) when Redis cannot answer, so that a request goes to nobody rather than waits for its timeout.
    /// </summary>
    public Task<int> CountSubscribersAsync(RedisChannel channel) => CountAsync("NUMSUB", channel.ToString());

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e)
    {
        // Lost before the handler that reads it: whoever sees IsSubscribed false knows a restoration will follow.
        Interlocked.Increment(ref _losses);
        _lost = true;
        Log.ConnectionFailed(_logger, e.EndPoint?.ToString(), e.ConnectionType.ToString(), e.FailureType.ToString(), e.Exception);
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        Log.ConnectionRestored(_logger, e.EndPoint?.ToString(), e.ConnectionType.ToString());
        if (_lost)
        {
            _ = ConfirmSubscriptionsAsync(Interlocked.Read(ref _losses));
        }
    }

    /// <summary>
    /// Confirms that the subscriptions are renewed after a restoration, then raises <see cref="SubscriptionsRestored"/>.
    /// StackExchange.Redis queues the commands that renew them on the subscription connection before it reports that
    /// connection restored, so Redis answering a PING on that connection means it has taken them. Each connection
    /// (commands, subscriptions) reports its own restoration: the one that finds both up confirms, and once.
    /// </summary>
    private async Task ConfirmSubscriptionsAsync(long losses)
    {
        var backoff = TimeSpan.FromMilliseconds(100);
        while (!_disposed.IsCancellationRequested && Multiplexer.IsConnected && Interlocked.Read(ref _losses) == losses)
        {
            try
            {
                await Subscriber.PingAsync();
                break;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                // The subscription connection is not back yet (its restoration confirms again), or Redis is slow.
                Log.SubscriptionsUnconfirmed(_logger, ex.Message);
                try
                {
                    await Task.Delay(backoff, _disposed.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }

        lock (_restoring)
        {
            // Only if no loss came after this began, the connection is still up, and no other confirmation came first.
            if (_disposed.IsCancellationRequested || !_lost || !Multiplexer.IsConnected || Interlocked.Read(ref _losses) != losses)
            {
                return;
            }

            _lost = false;
        }

        Log.SubscriptionsRestored(_logger);
        try
        {
            SubscriptionsRestored?.Invoke(this, EventArgs.Empty);
        }
        catch (Exception ex)
        {
            Log.RestoredHandlerFailed(_logger, ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _disposed.CancelAsync();
        Multiplexer.ConnectionFailed -= OnConnectionFailed;
        Multiplexer.ConnectionRestored -= OnConnectionRestored;
        if (_owned)
        {
            await Multiplexer.DisposeAsync();
        }
    }
}
