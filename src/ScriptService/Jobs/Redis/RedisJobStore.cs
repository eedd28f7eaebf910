using System.Globalization;
using Microsoft.Extensions.Options;
using ScriptService.Diagnostics;
using ScriptService.Jobs.Sqlite;
using StackExchange.Redis;

namespace ScriptService.Jobs.Redis;

/// <summary>
/// The <see cref="IJobStore"/> of the Redis mode: each job a hash (<see cref="RedisKeys.Job"/>) shared by every node,
/// created together with its queue entry by one script, so that a 202 means both stored and queued.
/// </summary>
/// <remarks>
/// <para>
/// Every write is a script (<see cref="RedisScripts"/>), atomic on the server: two nodes that create the same job at
/// once get one <see cref="JobCreateOutcome.Created"/> and one duplicate or conflict, and of two completions of one job
/// (a job taken over from a node that was only slow) the first stores its outcome and the second changes nothing. A
/// finished job expires after <see cref="JobStoreOptions.ResultRetention"/>; an unfinished one does not expire, since
/// its queue entry still names it.
/// </para>
/// <para>
/// A write is durable as Redis is configured to make it (its append-only file; docs/scale-out.md). Redis failing or
/// unreachable is a <see cref="RedisUnavailableException"/>, an <see cref="IOException"/>: a POST answers 503 and a
/// worker waits and tries again, as with a full disk in SQLite mode.
/// </para>
/// </remarks>
internal sealed partial class RedisJobStore : IJobStore
{
    private readonly RedisJobConnection _connection;
    private readonly RedisKeys _keys;
    private readonly long _retentionMs;
    private readonly TimeProvider _timeProvider;
    private readonly RedisJobMetrics _metrics;
    private readonly ILogger _logger;

    /// <summary>The time and outcome of the last write, for <see cref="CanWriteAsync"/> (ticks, 0 = none yet).</summary>
    private long _lastWriteTimestamp;
    private volatile bool _lastWriteSucceeded;

    public RedisJobStore(RedisJobConnection connection, IOptions<JobStoreOptions> storeOptions, TimeProvider timeProvider, RedisJobMetrics metrics, ILogger<RedisJobStore> logger)
    {
        _connection = connection;
        _keys = connection.Keys;
        _retentionMs = (long)Math.Max(1, storeOptions.Value.ResultRetention.TotalMilliseconds);
        _timeProvider = timeProvider;
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>
    /// Stores a job and queues it in one step (the queue's capacity is checked before, by
    /// <see cref="RedisJobQueue.TryReserveAsync"/>), unless the owner has one with this id (then compares the request JSON).
    /// </summary>
    public async Task<(JobCreateOutcome Outcome, JobRecord Job)> CreateAsync(JobKey key, string requestJson, CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        var reply = await WriteAsync(
            RedisScripts.Create,
            [_keys.Job(key), _keys.Queue],
            [requestJson, now.ToUnixTimeMilliseconds(), RedisKeys.Name(key)]);
        var parts = (RedisResult[])reply!;
        switch ((string?)parts[0])
        {
            case "created":
                return (JobCreateOutcome.Created, new JobRecord(key.JobId, key.OwnerId, requestJson, JobState.Queued, null, now, now));
            default:
                var existing = new JobRecord(
                    key.JobId,
                    key.OwnerId,
                    (string)parts[1]!,
                    ParseState((string?)parts[2]),
                    NullIfEmpty((string?)parts[3]),
                    FromMilliseconds((string?)parts[4]),
                    FromMilliseconds((string?)parts[5]));
                var outcome = existing.RequestJson == requestJson ? JobCreateOutcome.Duplicate : JobCreateOutcome.Conflict;
                Log.CreateRefused(_logger, key.JobId, outcome);
                return (outcome, existing);
        }
    }

    public async Task<JobRecord?> GetAsync(JobKey key, CancellationToken cancellationToken)
    {
        var database = await DatabaseAsync();
        RedisValue[] fields;
        try
        {
            fields = await database.HashGetAsync(_keys.Job(key), [RequestField, StateField, ResultField, CreatedField, UpdatedField]).WaitAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is RedisException or RedisTimeoutException)
        {
            throw Unavailable(ex);
        }

        if (fields[0].IsNull)
        {
            return null;
        }

        return new JobRecord(
            key.JobId,
            key.OwnerId,
            fields[0].ToString(),
            ParseState(fields[1]),
            fields[2].IsNull ? null : fields[2].ToString(),
            FromMilliseconds(fields[3]),
            FromMilliseconds(fields[4]));
    }

    public async Task MarkRunningAsync(JobKey key, CancellationToken cancellationToken)
    {
        var found = await WriteAsync(RedisScripts.MarkRunning, [_keys.Job(key)], [Now(), _connection.ConsumerName]);
        if ((string?)found is not ("queued" or "running"))
        {
            Log.TransitionIgnored(_logger, key.JobId, (string?)found ?? "missing", JobState.Running);
        }
    }

    /// <inheritdoc/>
    /// <remarks>Takes the job's entry off the queue in the same step, whether or not it stores the outcome.</remarks>
    public async Task<bool> CompleteAsync(JobKey key, JobState state, string resultJson, CancellationToken cancellationToken)
    {
        var reply = (int)(await WriteAsync(
            RedisScripts.Complete,
            [_keys.Job(key), _keys.Queue],
            [RedisKeys.Group, StateName(state), resultJson, Now(), _retentionMs]));
        if (reply != 1)
        {
            _metrics.DuplicateCompletion();
            Log.CompletionIgnored(_logger, key.JobId, reply == 0 ? "finished" : "missing");
        }

        return reply == 1;
    }

    /// <summary>Nothing to resume here: an unfinished job stays in the shared queue, and any node takes it (<see cref="RedisJobQueue"/>).</summary>
    public Task<IReadOnlyList<JobRecord>> GetUnfinishedAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<JobRecord>>([]);

    /// <summary>Nothing to purge: finished jobs expire by themselves.</summary>
    public Task<int> PurgeFinishedAsync(DateTimeOffset olderThan, CancellationToken cancellationToken) => Task.FromResult(0);

    public async ValueTask<bool> CanWriteAsync(TimeSpan maxAge, CancellationToken cancellationToken)
    {
        var last = Volatile.Read(ref _lastWriteTimestamp);
        if (last != 0 && _timeProvider.GetElapsedTime(last) < maxAge)
        {
            return _lastWriteSucceeded;
        }

        try
        {
            var database = await DatabaseAsync();
            await database.StringSetAsync(_keys.Probe, Now(), TimeSpan.FromMinutes(1)).WaitAsync(cancellationToken);
            Record(true);
            return true;
        }
        catch (Exception ex) when (ex is RedisException or RedisTimeoutException or RedisUnavailableException)
        {
            Record(false);
            return false;
        }
    }

    private async Task<RedisResult> WriteAsync(string script, RedisKey[] keys, RedisValue[] values)
    {
        var database = await DatabaseAsync();
        try
        {
            // Not cancellable: a script sent is run whole or not at all, and its caller must learn which.
            var result = await database.ScriptEvaluateAsync(script, keys, values);
            Record(true);
            return result;
        }
        catch (Exception ex) when (ex is RedisException or RedisTimeoutException)
        {
            Record(false);
            throw Unavailable(ex);
        }
    }

    private async ValueTask<IDatabase> DatabaseAsync()
    {
        try
        {
            return await _connection.DatabaseAsync();
        }
        catch (Exception ex) when (ex is RedisException or RedisTimeoutException)
        {
            throw Unavailable(ex);
        }
    }

    private void Record(bool succeeded)
    {
        _lastWriteSucceeded = succeeded;
        Volatile.Write(ref _lastWriteTimestamp, Math.Max(1, _timeProvider.GetTimestamp()));
    }

    private static RedisUnavailableException Unavailable(Exception ex) => new("Redis is unavailable: " + ex.Message, ex);

    private long Now() => _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    internal const string RequestField = "request";
    internal const string StateField = "state";
    internal const string ResultField = "result";
    internal const string CreatedField = "created";
    internal const string UpdatedField = "updated";

    internal static string StateName(JobState state) => state switch
    {
        JobState.Queued => "queued",
        JobState.Running => "running",
        JobState.Succeeded => "succeeded",
        JobState.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };

    private static JobState ParseState(RedisValue value) => (string?)value switch
    {
        "running" => JobState.Running,
        "succeeded" => JobState.Succeeded,
        "failed" => JobState.Failed,
        _ => JobState.Queued,
    };

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static DateTimeOffset FromMilliseconds(RedisValue value) =>
        long.TryParse((string?)value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : DateTimeOffset.UnixEpoch;
}
