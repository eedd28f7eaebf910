namespace ScriptService.Jobs.Redis;

/// <summary>
/// The Redis mode: jobs, their queue and their results in one Redis shared by every node, and sockets joined through
/// the Socket.IO Redis adapter. Off unless <see cref="Configuration"/> is set; the single binary with SQLite is the
/// default.
/// </summary>
/// <remarks>Bound from the <c>ScriptService:Redis</c> configuration section (<see cref="SectionName"/>).</remarks>
internal sealed class RedisJobOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "ScriptService:Redis";

    /// <summary>
    /// A StackExchange.Redis configuration string (for example <c>redis1:6379,password=…</c>). Setting it turns the
    /// Redis mode on. Default: not set (SQLite).
    /// </summary>
    public string? Configuration { get; set; }

    /// <summary>
    /// How long a node may go without a heartbeat before the jobs it took are taken over by another node. A running
    /// node renews its jobs' claims every third of this. Default 30 seconds.
    /// </summary>
    public TimeSpan StaleJobAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The prefix of every key the service keeps in Redis (in braces, as a Redis Cluster hash tag, so that one script
    /// may touch them together). Nodes share jobs only with nodes using the same prefix. Default <c>scriptservice</c>.
    /// </summary>
    public string KeyPrefix { get; set; } = "scriptservice";

    /// <summary>
    /// The longest any Redis call may take (connecting included) before it fails: a POST then answers 503, readiness
    /// fails, and a worker backs off and tries again. Default 5 seconds.
    /// </summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public bool IsEnabled => !string.IsNullOrWhiteSpace(Configuration);
}
