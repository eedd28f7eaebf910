namespace SocketIo.Redis;

/// <summary>The sharded Redis adapter's settings, with the defaults of Node's <c>createShardedAdapter</c>.</summary>
public sealed class RedisShardedAdapterOptions
{
    /// <summary>
    /// The prefix of every channel: <c>{ChannelPrefix}#{nsp}#</c> for the namespace, <c>{ChannelPrefix}#{nsp}#{uid}#</c>
    /// for a server's responses and <c>{ChannelPrefix}#{nsp}#{room}#</c> for a room. Servers share rooms only with
    /// servers using the same prefix. Default <c>socket.io</c>.
    /// </summary>
    public string ChannelPrefix { get; set; } = "socket.io";

    /// <summary>Which channels this server subscribes to. Default <see cref="RedisShardedSubscriptionMode.Dynamic"/>.</summary>
    public RedisShardedSubscriptionMode SubscriptionMode { get; set; } = RedisShardedSubscriptionMode.Dynamic;

    /// <summary>
    /// How long a request to the other servers (fetch sockets, all rooms, server-side emit with acknowledgements, the
    /// client counts of a broadcast with acknowledgements without a timeout of its own) waits for their answers.
    /// Default 5 seconds, the fixed timeout of Node's cluster adapter.
    /// </summary>
    public TimeSpan RequestsTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How many messages may be on their way to Redis at once. Past this, and whenever Redis is not connected, a
    /// message is dropped (and counted in the <c>socketio.redis.dropped_messages</c> metric) rather than buffered.
    /// Default 10,000.
    /// </summary>
    public int MaxPendingPublishes { get; set; } = 10_000;

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(ChannelPrefix);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RequestsTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPendingPublishes, 1);
        if (!Enum.IsDefined(SubscriptionMode))
        {
            throw new ArgumentOutOfRangeException(nameof(SubscriptionMode), SubscriptionMode, "Not a subscription mode.");
        }
    }
}
