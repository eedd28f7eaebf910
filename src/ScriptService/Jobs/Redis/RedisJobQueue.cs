using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using ScriptService.Diagnostics;
using StackExchange.Redis;

namespace ScriptService.Jobs.Redis;

/// <summary>
/// The queue every node's workers share: a Redis stream (<see cref="RedisKeys.Queue"/>) read in one consumer group
/// (<see cref="RedisKeys.Group"/>), each node a consumer of its own (<see cref="RedisJobConnection.ConsumerName"/>).
/// </summary>
/// <remarks>
/// <para>
/// A worker takes one entry at a time (<c>XREADGROUP ... COUNT 1</c>), only when it is free, so a node holds no more
/// jobs than it runs and the others take the rest. The entry stays pending, held by this node, until the job's outcome
/// is stored: the completion script acknowledges and deletes it in the same step (<see cref="RedisScripts.Complete"/>),
/// so the stream holds exactly the unfinished jobs.
/// </para>
/// <para>
/// Takeover: while this node lives, a heartbeat every third of <see cref="RedisJobOptions.StaleJobAfter"/> renews the
/// claim on every entry it holds (<c>XCLAIM ... JUSTID</c> on its own entries, which sets their idle time back to
/// zero). An entry idle for longer than <see cref="RedisJobOptions.StaleJobAfter"/> belongs to a node that stopped
/// (killed, frozen, cut off from Redis): a free worker of any node takes it over (<c>XAUTOCLAIM</c>), before any new
/// job, and runs it again. Entries queued and not yet read need no takeover: any node reads them. A node that stops
/// cleanly hands its unfinished entries back at once (<see cref="RedisScripts.Release"/>). A node that was only slow
/// may still finish a job taken from it; completion is idempotent, so the job keeps one outcome and one delivery.
/// </para>
/// <para>
/// Idle workers wait for a notification on <see cref="RedisKeys.Queued"/> (published with each new job) or
/// <see cref="IdlePoll"/>, whichever comes first, so a lost notification delays a job by that much at most. While
/// Redis is unreachable, a worker backs off (up to <see cref="MaxBackoff"/>) and tries again; every call is bounded by
/// <see cref="RedisJobOptions.OperationTimeout"/>. If Redis lost the group (restarted without its data), the next read
/// creates it again.
/// </para>
/// </remarks>
internal sealed partial class RedisJobQueue : IJobQueue, IHostedService, IAsyncDisposable
{
    /// <summary>How long an idle worker waits for a notification before it looks at the queue anyway.</summary>
    internal static readonly TimeSpan IdlePoll = TimeSpan.FromSeconds(1);

    /// <summary>The first wait after a failed call; it doubles up to <see cref="MaxBackoff"/>.</summary>
    internal static readonly TimeSpan InitialBackoff = TimeSpan.FromMilliseconds(100);

    internal static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);

    /// <summary>Heartbeats between two sweeps of the group's consumers for ones gone for good.</summary>
    private const int HeartbeatsPerConsumerSweep = 20;

    private readonly RedisJobConnection _connection;
    private readonly RedisKeys _keys;
    private readonly TimeSpan _staleAfter;
    private readonly int _capacity;
    private readonly TimeProvider _timeProvider;
    private readonly RedisJobMetrics _metrics;
    private readonly ILogger _logger;

    /// <summary>The entries this node holds (taken and not yet finished or handed back), by entry id.</summary>
    private readonly ConcurrentDictionary<string, RedisJobLease> _held = new(StringComparer.Ordinal);

    /// <summary>Released to wake one idle worker: a job was queued, handed back, or a takeover sweep is due.</summary>
    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);

    private readonly CancellationTokenSource _stopping = new();
    private Task? _heartbeat;
    private int _started;
    private int _stopped;
    private volatile bool _subscribed;

    /// <summary>Where the next takeover scan of the pending entries continues (<c>0-0</c>: from the start).</summary>
    private string _takeoverCursor = "0-0";

    /// <summary>Whether a takeover scan is under way or asked for; cleared when a scan reaches the end.</summary>
    private volatile bool _takeoverDue = true;

    /// <summary>1 while Redis calls of the queue fail, so that an outage is logged once each way.</summary>
    private int _failing;

    /// <summary>The jobs waiting in the shared queue when it was last counted (<see cref="Depth"/>).</summary>
    private int _depth;

    public RedisJobQueue(
        RedisJobConnection connection,
        IOptions<RedisJobOptions> options,
        IOptions<ScriptServiceOptions> serviceOptions,
        TimeProvider timeProvider,
        RedisJobMetrics metrics,
        ServiceMetrics serviceMetrics,
        ILogger<RedisJobQueue> logger)
    {
        _connection = connection;
        _keys = connection.Keys;
        _capacity = serviceOptions.Value.QueueCapacity;
        _staleAfter = options.Value.StaleJobAfter;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_staleAfter, TimeSpan.Zero, "options.StaleJobAfter");
        _timeProvider = timeProvider;
        _metrics = metrics;
        _logger = logger;
        serviceMetrics.ObserveQueueDepth(() => Depth);
    }

    /// <summary>How often this node renews its claims, and looks for jobs to take over when idle.</summary>
    public TimeSpan HeartbeatInterval => _staleAfter / 3;

    /// <summary>Called after each heartbeat: a seam for tests, which await beats rather than time.</summary>
    internal Action? AfterHeartbeat { get; set; }

    /// <summary>The entries this node holds now.</summary>
    public int Held => _held.Count;

    public string ConsumerName => _connection.ConsumerName;

    /// <summary>The jobs waiting in the shared queue, across all nodes, as last counted (each reservation and heartbeat counts).</summary>
    public int Depth => Volatile.Read(ref _depth);

    /// <summary>
    /// Room in the shared queue: fewer than <see cref="ScriptServiceOptions.QueueCapacity"/> jobs wait across all
    /// nodes. Counted, not reserved: nodes posting at once may pass the capacity by the posts in flight.
    /// </summary>
    public async ValueTask<bool> TryReserveAsync(CancellationToken cancellationToken)
    {
        RedisResult waiting;
        try
        {
            var database = await _connection.DatabaseAsync();
            waiting = await database.ScriptEvaluateAsync(RedisScripts.Waiting, [_keys.Queue], [RedisKeys.Group]);
        }
        catch (Exception ex) when (ex is RedisException or RedisTimeoutException)
        {
            throw new RedisUnavailableException("Redis is unavailable: " + ex.Message, ex);
        }

        var depth = (int)waiting;
        Volatile.Write(ref _depth, depth);
        return depth < _capacity;
    }

    /// <summary>Nothing to give back: <see cref="TryReserveAsync"/> counts, it holds nothing.</summary>
    public void Release()
    {
    }

    /// <summary>
    /// The job's entry was added with the job (<see cref="RedisJobStore.CreateAsync(JobKey, string, CancellationToken)"/>):
    /// this wakes the workers. The request is not kept: whichever node takes the job reads it from the store.
    /// </summary>
    public async ValueTask EnqueueAsync(JobKey key, Generation.ScriptRequest request, CancellationToken cancellationToken) => await NotifyQueuedAsync();

    async ValueTask<JobLease> IJobQueue.TakeAsync(CancellationToken cancellationToken)
    {
        var lease = await TakeAsync(cancellationToken);
        return new JobLease(lease.Key, lease.EntryId);
    }

    /// <summary>The job's outcome is stored (which took its entry off the queue), or it needs no run: see <see cref="DoneAsync"/>.</summary>
    public async ValueTask CompleteAsync(JobLease lease, CancellationToken cancellationToken)
    {
        if (lease.Token is { } entryId)
        {
            await DoneAsync(new RedisJobLease(lease.Key, entryId, TakenOver: false));
        }
    }

    /// <summary>The run faulted: see <see cref="Abandon(RedisJobLease)"/>.</summary>
    public void Abandon(JobLease lease)
    {
        if (lease.Token is { } entryId)
        {
            Abandon(new RedisJobLease(lease.Key, entryId, TakenOver: false));
        }
    }

    /// <summary>
    /// Nothing to queue again at start: an unfinished job stays in the shared queue, and one held by a node that
    /// stopped (this one's previous run included) is taken over once stale (<see cref="TakeAsync"/>).
    /// </summary>
    public Task RecoverAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Starts with the host: the notifications and the heartbeat.</summary>
    Task IHostedService.StartAsync(CancellationToken cancellationToken) => StartAsync();

    /// <summary>
    /// Stops with the host, after the workers have drained (<see cref="JobWorkerService"/> waits for them while the
    /// host is stopping): hands back the jobs they left unfinished, then stops the heartbeat.
    /// </summary>
    async Task IHostedService.StopAsync(CancellationToken cancellationToken) => await StopAsync();

    /// <summary>Subscribes to the notifications and starts the heartbeat; idempotent.</summary>
    public async Task StartAsync()
    {
        if (Interlocked.Exchange(ref _started, 1) == 1)
        {
            return;
        }

        try
        {
            await SubscribeAsync();
        }
        catch (Exception ex) when (IsRedisFailure(ex))
        {
            // Without notifications the workers poll; the heartbeat subscribes once Redis answers.
            Failed("subscribe", ex);
        }

        _heartbeat = HeartbeatLoopAsync(_stopping.Token);
    }

    private async Task SubscribeAsync()
    {
        var subscriber = await _connection.SubscriberAsync();
        // Subscribed again by StackExchange.Redis after a reconnect; a notification lost meanwhile costs IdlePoll.
        await subscriber.SubscribeAsync(_keys.Queued, (_, _) => WakeOne());
        _subscribed = true;
    }

    /// <summary>Tells every node's idle workers that a job is queued (best effort: they poll anyway).</summary>
    public async Task NotifyQueuedAsync()
    {
        try
        {
            var subscriber = await _connection.SubscriberAsync();
            await subscriber.PublishAsync(_keys.Queued, RedisValue.EmptyString, CommandFlags.FireAndForget);
        }
        catch (Exception ex) when (IsRedisFailure(ex))
        {
            Failed("notify", ex);
        }
    }

    /// <summary>
    /// The next job for a worker: one taken over if any is stale, otherwise the oldest unread one; waits while there is
    /// none, and while Redis is unreachable. Ends only with <paramref name="cancellationToken"/>.
    /// </summary>
    public async Task<RedisJobLease> TakeAsync(CancellationToken cancellationToken)
    {
        var backoff = InitialBackoff;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            RedisJobLease? lease;
            bool more;
            try
            {
                (lease, more) = await TryTakeAsync();
                Recovered();
            }
            catch (Exception ex) when (IsRedisFailure(ex))
            {
                Failed("take", ex);
                await Task.Delay(backoff, _timeProvider, cancellationToken);
                backoff = backoff >= MaxBackoff / 2 ? MaxBackoff : backoff * 2;
                continue;
            }

            backoff = InitialBackoff;
            if (lease is not null)
            {
                // There may be more behind it: another idle worker looks too.
                WakeOne();
                return lease;
            }

            if (!more)
            {
                await _wake.WaitAsync(IdlePoll, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Lets go of an entry whose job ran to its end: deletes it from the queue if the completion did not (a job found
    /// finished already, or gone), and stops renewing it.
    /// </summary>
    public async Task DoneAsync(RedisJobLease lease)
    {
        _held.TryRemove(lease.EntryId, out _);
        try
        {
            var database = await _connection.DatabaseAsync();
            await database.ScriptEvaluateAsync(RedisScripts.Drop, [_keys.Queue], [RedisKeys.Group, lease.EntryId]);
        }
        catch (Exception ex) when (IsRedisFailure(ex))
        {
            // Left pending: once stale, a node takes it over, finds the job finished and deletes it then.
            Failed("done", ex);
        }
    }

    /// <summary>
    /// Stops renewing an entry whose run failed in a way nothing here mends (a fault, not the job's): it is taken over
    /// and tried again after <see cref="RedisJobOptions.StaleJobAfter"/>, by whichever node is free then.
    /// </summary>
    public void Abandon(RedisJobLease lease) => _held.TryRemove(lease.EntryId, out _);

    /// <summary>Hands an entry this node will not finish (it is stopping) back to the other nodes at once.</summary>
    public async Task ReleaseAsync(RedisJobLease lease)
    {
        if (!_held.TryRemove(lease.EntryId, out _))
        {
            return;
        }

        try
        {
            var database = await _connection.DatabaseAsync();
            var released = (int)await database.ScriptEvaluateAsync(
                RedisScripts.Release,
                [_keys.Queue],
                [RedisKeys.Group, ConsumerName, lease.EntryId, (long)_staleAfter.TotalMilliseconds + 1]);
            if (released == 1)
            {
                _metrics.HandedBack();
                Log.HandedBack(_logger, lease.Key.JobId);
                await NotifyQueuedAsync();
            }
        }
        catch (Exception ex) when (IsRedisFailure(ex))
        {
            // Not handed back: it is taken over once stale, as if this node had died.
            Failed("release", ex);
        }
    }

    /// <summary>One attempt; <c>more</c> when a takeover scan has further to go, so the caller tries again at once.</summary>
    private async Task<(RedisJobLease? Lease, bool More)> TryTakeAsync()
    {
        var database = await _connection.DatabaseAsync();
        if (_takeoverDue)
        {
            var cursor = _takeoverCursor;
            StreamAutoClaimResult claimed;
            try
            {
                claimed = await database.StreamAutoClaimAsync(_keys.Queue, RedisKeys.Group, ConsumerName, (long)_staleAfter.TotalMilliseconds, cursor, count: 1);
            }
            catch (RedisServerException ex) when (IsNoGroup(ex))
            {
                await CreateGroupAsync(database);
                return (null, true);
            }

            var next = claimed.NextStartId.ToString();
            _takeoverCursor = next;
            if (next == "0-0")
            {
                _takeoverDue = false;
            }

            if (claimed.ClaimedEntries is [var stale, ..])
            {
                var lease = await LeaseAsync(database, stale, takenOver: true);
                return (lease, lease is null || !_takeoverDue);
            }

            if (_takeoverDue)
            {
                return (null, true);
            }
        }

        StreamEntry[] read;
        try
        {
            read = await database.StreamReadGroupAsync(_keys.Queue, RedisKeys.Group, ConsumerName, StreamPosition.NewMessages, count: 1);
        }
        catch (RedisServerException ex) when (IsNoGroup(ex))
        {
            await CreateGroupAsync(database);
            return (null, true);
        }

        if (read is not [var entry, ..])
        {
            return (null, false);
        }

        var taken = await LeaseAsync(database, entry, takenOver: false);
        return (taken, taken is null);
    }

    private async Task<RedisJobLease?> LeaseAsync(IDatabase database, StreamEntry entry, bool takenOver)
    {
        var entryId = entry.Id.ToString();
        if (!RedisKeys.TryParseName(entry[RedisKeys.JobField], out var key))
        {
            // Not an entry of ours (written by hand, or by another version): nothing can run it.
            Log.EntryUnreadable(_logger, entryId);
            await database.ScriptEvaluateAsync(RedisScripts.Drop, [_keys.Queue], [RedisKeys.Group, entryId]);
            return null;
        }

        var lease = new RedisJobLease(key, entryId, takenOver);
        _held[entryId] = lease;
        if (takenOver)
        {
            _metrics.TakenOver();
            Log.TakenOver(_logger, key.JobId, entryId);
        }

        return lease;
    }

    private async Task CreateGroupAsync(IDatabase database)
    {
        try
        {
            // From the start of the stream: every entry in it is a job not finished (finished ones are deleted).
            await database.StreamCreateConsumerGroupAsync(_keys.Queue, RedisKeys.Group, StreamPosition.Beginning, createStream: true);
            Log.GroupCreated(_logger, _keys.Queue.ToString(), RedisKeys.Group);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
            // Another node made it first.
        }
    }

    private async Task HeartbeatLoopAsync(CancellationToken stopping)
    {
        var beats = 0;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(HeartbeatInterval, _timeProvider, stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                if (!_subscribed)
                {
                    await SubscribeAsync();
                }

                await RenewAsync();
                await CountWaitingAsync();
                if (++beats % HeartbeatsPerConsumerSweep == 0)
                {
                    await RemoveGoneConsumersAsync();
                }

                Recovered();
                AfterHeartbeat?.Invoke();
            }
            catch (Exception ex) when (IsRedisFailure(ex))
            {
                Failed("heartbeat", ex);
            }

            // An idle worker looks for stale entries once a beat.
            _takeoverDue = true;
            WakeOne();
        }
    }

    /// <summary>
    /// Renews this node's claim on every entry it holds; lets go of those it no longer holds, and notes those another
    /// node took over meanwhile.
    /// </summary>
    internal async Task RenewAsync()
    {
        if (_held.IsEmpty)
        {
            return;
        }

        var held = _held.Keys.ToArray();
        var values = new RedisValue[held.Length + 2];
        values[0] = RedisKeys.Group;
        values[1] = ConsumerName;
        for (var i = 0; i < held.Length; i++)
        {
            values[i + 2] = held[i];
        }

        var database = await _connection.DatabaseAsync();
        var answer = (RedisResult[])(await database.ScriptEvaluateAsync(RedisScripts.Renew, [_keys.Queue], values))!;
        foreach (var entry in (RedisResult[])answer[0]!)
        {
            if (_held.TryRemove((string)entry!, out var lease))
            {
                // Taken over (this node was too slow, or cut off): whichever completes first stores the outcome; this
                // run's completion will change nothing.
                _metrics.LostClaim();
                Log.ClaimLost(_logger, lease.Key.JobId, lease.EntryId);
            }
        }

        foreach (var entry in (RedisResult[])answer[1]!)
        {
            // No consumer holds it: most often this node's own worker stored the outcome (which deletes the entry)
            // and has not yet completed its lease, so it is no claim lost; nothing is left to renew either way.
            _held.TryRemove((string)entry!, out _);
        }
    }

    private async Task CountWaitingAsync()
    {
        var database = await _connection.DatabaseAsync();
        Volatile.Write(ref _depth, (int)await database.ScriptEvaluateAsync(RedisScripts.Waiting, [_keys.Queue], [RedisKeys.Group]));
    }

    private async Task RemoveGoneConsumersAsync()
    {
        var database = await _connection.DatabaseAsync();
        var consumers = await database.StreamConsumerInfoAsync(_keys.Queue, RedisKeys.Group);
        foreach (var consumer in consumers)
        {
            if (consumer.PendingMessageCount == 0 && consumer.IdleTimeInMilliseconds > 10 * _staleAfter.TotalMilliseconds
                && consumer.Name != ConsumerName)
            {
                await database.ScriptEvaluateAsync(RedisScripts.RemoveIdleConsumer, [_keys.Queue], [RedisKeys.Group, consumer.Name]);
            }
        }
    }

    private void WakeOne()
    {
        // At most one wake-up pending: more would only make idle workers read an empty queue.
        if (_wake.CurrentCount == 0)
        {
            try
            {
                _wake.Release();
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    private void Failed(string operation, Exception ex)
    {
        _metrics.Failed(operation);
        if (Interlocked.Exchange(ref _failing, 1) == 0)
        {
            Log.QueueFailing(_logger, operation, ex.Message);
        }
    }

    private void Recovered()
    {
        if (Interlocked.Exchange(ref _failing, 0) == 1)
        {
            Log.QueueRecovered(_logger);
        }
    }

    internal static bool IsRedisFailure(Exception ex) => ex is RedisException or RedisTimeoutException or RedisUnavailableException;

    private static bool IsNoGroup(RedisServerException ex) => ex.Message.StartsWith("NOGROUP", StringComparison.Ordinal);

    /// <summary>Hands back every entry still held (jobs this node will not finish), then stops the heartbeat; idempotent.</summary>
    public async Task StopAsync()
    {
        foreach (var lease in _held.Values.ToArray())
        {
            await ReleaseAsync(lease);
        }

        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync();
        if (_heartbeat is { } heartbeat)
        {
            await heartbeat;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stopping.Dispose();
        _wake.Dispose();
    }
}
