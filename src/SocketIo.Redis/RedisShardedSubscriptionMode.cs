namespace SocketIo.Redis;

/// <summary>
/// Which sharded channels a server of the sharded Redis adapter subscribes to, as Node's <c>subscriptionMode</c>
/// option of <c>createShardedAdapter</c>. Every server of a cluster (ours and Node's) must use the same mode: a
/// broadcast to one room goes to that room's channel in the dynamic modes, which a server in another mode may not hear.
/// </summary>
public enum RedisShardedSubscriptionMode
{
    /// <summary>
    /// <c>"dynamic"</c> (the default): the namespace's channel and this server's response channel, plus one channel per
    /// room that has members here, except rooms that are socket ids. A broadcast to exactly one such room goes to the
    /// room's channel, so only servers with members hear it.
    /// </summary>
    Dynamic,

    /// <summary><c>"dynamic-private"</c>: like <see cref="Dynamic"/>, and socket-id rooms get a channel too.</summary>
    DynamicPrivate,

    /// <summary><c>"static"</c>: only the namespace's channel and this server's response channel (for many or dynamic namespaces).</summary>
    Static,
}
