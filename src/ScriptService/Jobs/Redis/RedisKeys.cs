using StackExchange.Redis;

namespace ScriptService.Jobs.Redis;

/// <summary>
/// The names of what the service keeps in Redis, all under one hash tag (<c>{prefix}</c>), so that the scripts that
/// touch a job and the queue together run on one Redis Cluster shard:
/// <list type="bullet">
/// <item><c>{prefix}:job:{name}</c>: a job's hash (request, state, result, times, its queue entry).</item>
/// <item><c>{prefix}:queue</c>: the stream of unfinished jobs, read by the consumer group <see cref="Group"/>.</item>
/// <item><c>{prefix}:queued</c>: the channel that wakes idle workers when a job is queued or handed back.</item>
/// <item><c>{prefix}:probe</c>: the key readiness writes.</item>
/// </list>
/// </summary>
internal sealed class RedisKeys(string prefix)
{
    /// <summary>The consumer group every node's workers read the queue in.</summary>
    public const string Group = "workers";

    /// <summary>The queue entry's one field: the job's <see cref="Name"/>.</summary>
    public const string JobField = "job";

    private readonly string _root = "{" + prefix + "}:";

    public RedisKey Queue => _root + "queue";

    public RedisKey Probe => _root + "probe";

    public RedisChannel Queued => RedisChannel.Literal(_root + "queued");

    public RedisKey Job(JobKey key) => _root + "job:" + Name(key);

    /// <summary>
    /// A job's name in keys and queue entries: its id, then <c>/</c> and its owner when it has one. A job id never holds
    /// a <c>/</c> (<see cref="JobId"/>), so the first one splits the two.
    /// </summary>
    public static string Name(JobKey key) => key.OwnerId is null ? key.JobId : key.JobId + "/" + key.OwnerId;

    public static bool TryParseName(string? name, out JobKey key)
    {
        key = default;
        if (string.IsNullOrEmpty(name))
        {
            return false;
        }

        var slash = name.IndexOf('/', StringComparison.Ordinal);
        var jobId = slash < 0 ? name : name[..slash];
        if (!JobId.TryValidate(jobId, out _, out _))
        {
            return false;
        }

        key = new JobKey(slash < 0 ? null : name[(slash + 1)..], jobId);
        return true;
    }
}
