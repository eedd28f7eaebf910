namespace SocketIo.Redis;

/// <summary>
/// The Redis Streams adapter's settings, with the defaults of Node's <c>@socket.io/redis-streams-adapter</c> 0.3.
/// Servers share a namespace only with servers using the same <see cref="StreamName"/>, <see cref="StreamCount"/>,
/// <see cref="ChannelPrefix"/> and <see cref="UseShardedPubSub"/>.
/// </summary>
public sealed class RedisStreamsAdapterOptions
{
    /// <summary>
    /// The stream's key, or with several streams their prefix (<c>{StreamName}-{i}</c>). Default <c>socket.io</c>.
    /// </summary>
    public string StreamName { get; set; } = "socket.io";

    /// <summary>
    /// How many streams the namespaces are spread over (by a hash of the namespace's name, as Node computes it), so that
    /// several Redis cluster nodes share the load; the packets of one namespace stay in one stream, in order. Default 1.
    /// </summary>
    public int StreamCount { get; set; } = 1;

    /// <summary>
    /// The prefix of the pub/sub channels for what is not kept in the stream (requests that wait for answers, and the
    /// answers): <c>{ChannelPrefix}#{nsp}#</c> for the namespace, <c>{ChannelPrefix}#{nsp}#{uid}#</c> for one server.
    /// Default <c>socket.io</c>.
    /// </summary>
    public string ChannelPrefix { get; set; } = "socket.io";

    /// <summary>Whether those channels are sharded (Redis 7 <c>SPUBLISH</c>). Default false.</summary>
    public bool UseShardedPubSub { get; set; }

    /// <summary>
    /// The length the stream is trimmed to, approximately (<c>XADD MAXLEN ~</c>): it bounds Redis's memory, and how far
    /// back a client's missed packets can be found. Default 10,000 entries.
    /// </summary>
    public int MaxLength { get; set; } = 10_000;

    /// <summary>
    /// How many entries one <c>XREAD</c> returns, and one <c>XRANGE</c> of a session restore. Default 100.
    /// </summary>
    public int ReadCount { get; set; } = 100;

    /// <summary>How long one <c>XREAD</c> blocks waiting for new entries. Default 5 seconds.</summary>
    public TimeSpan BlockTime { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The prefix of a disconnected client's session key (<c>{SessionKeyPrefix}{pid}</c>), kept for the connection state
    /// recovery window. Default <c>sio:session:</c>.
    /// </summary>
    public string SessionKeyPrefix { get; set; } = "sio:session:";

    /// <summary>
    /// The most missed packets one restore hands to a client. A client that missed more is not recovered (it gets a new
    /// session, as when its offset has left the stream) rather than silently given part of them. Default 10,000.
    /// </summary>
    public int MaxRestoredPackets { get; set; } = 10_000;

    /// <summary>
    /// How long a request to the other servers (fetch sockets, server-side emit with acknowledgements, the client
    /// counts of a broadcast with acknowledgements without a timeout of its own) waits for their answers. Default 5
    /// seconds, the fixed timeout of Node's cluster adapter.
    /// </summary>
    public TimeSpan RequestsTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How many commands may be on their way to Redis at once. Past this, and whenever Redis is not connected, a
    /// message is dropped (and counted in the <c>socketio.redis.dropped_messages</c> metric) rather than buffered.
    /// Default 10,000.
    /// </summary>
    public int MaxPendingPublishes { get; set; } = 10_000;

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(StreamName);
        ArgumentException.ThrowIfNullOrEmpty(ChannelPrefix);
        ArgumentException.ThrowIfNullOrEmpty(SessionKeyPrefix);
        ArgumentOutOfRangeException.ThrowIfLessThan(StreamCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxLength, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(ReadCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRestoredPackets, 0);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPendingPublishes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(BlockTime, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(BlockTime, TimeSpan.FromMinutes(5));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RequestsTimeout, TimeSpan.Zero);
    }
}
