namespace SocketIo.Redis;

/// <summary>
/// The Redis adapters' connection to Redis, as a server that must make up for an outage sees it. The adapters drop
/// rather than queue what they publish while Redis is away, and Redis's pub/sub keeps nothing for a subscriber that
/// was away, so messages between servers are lost around an outage; a server that can tell what it should have had
/// (from its own store) makes it up when <see cref="SubscriptionsRestored"/> is raised. Every <c>AddRedis…Adapter</c>
/// registration provides it as a singleton.
/// </summary>
public interface IRedisAdapterConnection
{
    /// <summary>
    /// Whether Redis is connected and, since the connection was last lost, the subscriptions are confirmed renewed:
    /// what other servers publish from now on reaches this one, and what this one publishes reaches them. False from
    /// a loss of the connection until <see cref="SubscriptionsRestored"/> is raised.
    /// </summary>
    bool IsSubscribed { get; }

    /// <summary>
    /// Raised once Redis is connected again after a loss of the connection and the subscriptions are confirmed
    /// renewed (Redis has answered, on the subscriptions' own connection, after the commands that renew them). What
    /// was published meanwhile, by this server or by others to it, may have been lost. Raised on a thread-pool thread;
    /// handlers should return promptly.
    /// </summary>
    event EventHandler? SubscriptionsRestored;

    /// <summary>
    /// Raised when a message to the other servers is dropped: Redis is not connected, too many publishes are on their
    /// way (<see cref="RedisAdapterOptions.MaxPendingPublishes"/>), or a publish failed. Raised on the publishing
    /// thread, at times under the publisher's locks; handlers must return at once and must not publish.
    /// </summary>
    event EventHandler? MessageDropped;
}
