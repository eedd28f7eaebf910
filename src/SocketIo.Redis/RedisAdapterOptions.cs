namespace SocketIo.Redis;

/// <summary>The Redis adapter's settings, with the defaults of Node's <c>@socket.io/redis-adapter</c>.</summary>
public sealed class RedisAdapterOptions
{
    /// <summary>
    /// The prefix of every channel: <c>{Key}#{nsp}#</c> for broadcasts, <c>{Key}-request#{nsp}#</c> and
    /// <c>{Key}-response#{nsp}#</c> for requests. Servers share rooms only with servers using the same key. Default
    /// <c>socket.io</c>.
    /// </summary>
    public string Key { get; set; } = "socket.io";

    /// <summary>
    /// How long a request to the other servers (fetch sockets, all rooms, server-side emit with acknowledgements, the
    /// client counts of a broadcast with acknowledgements) waits for their answers. Default 5 seconds.
    /// </summary>
    public TimeSpan RequestsTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Whether this server answers another's request on that server's own channel (<c>{Key}-response#{nsp}#{uid}#</c>)
    /// rather than on the channel every server reads. Default false, as in Node's adapter; every server listens on
    /// both, so servers may differ in this setting.
    /// </summary>
    public bool PublishOnSpecificResponseChannel { get; set; }

    /// <summary>
    /// How many messages may be on their way to Redis at once. Past this, and whenever Redis is not connected, a
    /// message is dropped (and counted in the <c>socketio.redis.dropped_messages</c> metric) rather than buffered, so
    /// that an outage costs no memory. Default 10,000.
    /// </summary>
    public int MaxPendingPublishes { get; set; } = 10_000;

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(Key);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RequestsTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPendingPublishes, 1);
    }
}
