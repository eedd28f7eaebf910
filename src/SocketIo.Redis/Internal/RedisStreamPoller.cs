using Microsoft.Extensions.Logging;
using SocketIo.Redis.Protocol;
using StackExchange.Redis;

namespace SocketIo.Redis.Internal;

/// <summary>
/// Reads one stream from where it ended when this server started, with <c>XREAD COUNT n BLOCK ms</c> in a loop, and
/// hands each entry, in order, to its handler. <c>XREAD BLOCK</c> holds its connection until entries
/// come or the block time ends, so the loop has a connection of its own, never shared with commands that must not
/// wait.
/// </summary>
/// <remarks>
/// Unlike Node's adapter, which starts from <c>$</c> and keeps <c>$</c> until the first entry arrives (so what is added
/// between two empty reads is lost), the loop starts from the id of the stream's last entry.
/// </remarks>
internal sealed partial class RedisStreamPoller : IAsyncDisposable
{
    private readonly RedisKey _stream;
    private readonly ConfigurationOptions _configuration;
    private readonly RedisStreamsAdapterOptions _options;
    private readonly Func<string, RedisResult, Task> _onEntry;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _loop;
    private readonly Lock _lock = new();
    private readonly List<(StreamId Id, TaskCompletionSource Done)> _waiters = [];
    private StreamId _delivered;
    private IConnectionMultiplexer? _multiplexer;

    public RedisStreamPoller(string stream, ConfigurationOptions configuration, RedisStreamsAdapterOptions options, Func<string, RedisResult, Task> onEntry, TimeProvider timeProvider, ILogger logger)
    {
        _stream = stream;
        _configuration = configuration;
        _options = options;
        _onEntry = onEntry;
        _timeProvider = timeProvider;
        _logger = logger;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Completes once the loop knows where the stream ends: entries added after that are read.</summary>
    public Task Started => _started.Task;

    private async Task RunAsync()
    {
        var token = _stopping.Token;
        var delay = TimeSpan.FromMilliseconds(100);
        string? offset = null;
        while (!token.IsCancellationRequested)
        {
            try
            {
                var database = (_multiplexer ??= await ConnectAsync()).GetDatabase();
                token.ThrowIfCancellationRequested();
                if (offset is null)
                {
                    offset = await LastIdAsync(database);
                    Delivered(offset);
                    _started.TrySetResult();
                }

                var result = await database.ExecuteAsync("XREAD", "COUNT", _options.ReadCount, "BLOCK", (long)_options.BlockTime.TotalMilliseconds, "STREAMS", _stream, offset);
                delay = TimeSpan.FromMilliseconds(100);
                if (result.IsNull)
                {
                    continue;
                }

                // One stream was asked for: RESP2 answers [[name, entries]], RESP3 a map {name: entries}.
                var reply = (RedisResult[])result!;
                var stream = result.Resp3Type == ResultType.Map ? reply : (RedisResult[])reply[0]!;
                foreach (var entry in (RedisResult[])stream[1]!)
                {
                    var parts = (RedisResult[])entry!;
                    offset = (string)parts[0]!;
                    await _onEntry(offset, parts[1]);
                    Delivered(offset);
                }
            }
            catch (Exception ex) when (token.IsCancellationRequested && ex is not OutOfMemoryException)
            {
                break;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException or InvalidCastException)
            {
                Log.ReadFailed(_logger, _stream.ToString(), ex);
                try
                {
                    await Task.Delay(delay, _timeProvider, token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
    }

    /// <summary>
    /// Completes once every entry up to <paramref name="id"/> has been handed over (at once if it already has been, or
    /// if the stream was already past it when this server started reading).
    /// </summary>
    public Task WaitForAsync(StreamId id)
    {
        lock (_lock)
        {
            if (_delivered >= id || _stopping.IsCancellationRequested)
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((id, done));
            return done.Task;
        }
    }

    private void Delivered(string offset)
    {
        if (!StreamId.TryParse(offset, out var id))
        {
            return;
        }

        lock (_lock)
        {
            _delivered = id;
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Id <= id)
                {
                    _waiters[i].Done.TrySetResult();
                    _waiters.RemoveAt(i);
                }
            }
        }
    }

    private async Task<IConnectionMultiplexer> ConnectAsync()
    {
        var configuration = _configuration.Clone();
        configuration.AbortOnConnectFail = false;
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        // A blocked read is answered after the block time at the latest; it must not be taken for a lost connection.
        var timeout = (int)(_options.BlockTime + TimeSpan.FromSeconds(5)).TotalMilliseconds;
        configuration.AsyncTimeout = Math.Max(configuration.AsyncTimeout, timeout);
        configuration.SyncTimeout = Math.Max(configuration.SyncTimeout, timeout);
        return await ConnectionMultiplexer.ConnectAsync(configuration);
    }

    /// <summary>The id of the stream's last entry, <c>0-0</c> when it has none (or does not exist yet).</summary>
    private async Task<string> LastIdAsync(IDatabase database)
    {
        var last = await database.StreamRangeAsync(_stream, "-", "+", count: 1, messageOrder: Order.Descending);
        return last.Length > 0 ? (string)last[0].Id! : "0-0";
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        // Nothing waits for a stopped poller.
        _started.TrySetResult();
        lock (_lock)
        {
            foreach (var (_, done) in _waiters)
            {
                done.TrySetResult();
            }

            _waiters.Clear();
        }

        if (_multiplexer is { } multiplexer)
        {
            // Ends the blocked read at once rather than after the block time.
            await multiplexer.CloseAsync(allowCommandsToComplete: false);
        }

        try
        {
            await _loop;
        }
        finally
        {
            _multiplexer?.Dispose();
            _stopping.Dispose();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(40, LogLevel.Warning, "Reading the stream {Stream} failed; retrying.", EventName = "StreamReadFailed")]
        public static partial void ReadFailed(ILogger logger, string stream, Exception exception);
    }
}
