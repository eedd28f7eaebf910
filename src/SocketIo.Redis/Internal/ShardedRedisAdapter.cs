using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using SocketIo.Adapters;
using SocketIo.Redis.Diagnostics;
using SocketIo.Redis.Protocol;
using StackExchange.Redis;

namespace SocketIo.Redis.Internal;

/// <summary>
/// One namespace's rooms over Redis sharded pub/sub, as Node's <c>createShardedAdapter</c> (a <c>ClusterAdapter</c>)
/// keeps them: the rooms live in this process (an in-memory adapter); everything for the other servers is a cluster
/// message <c>SPUBLISH</c>ed on <c>{prefix}#{nsp}#</c> (or a room's channel), and answers come back on this
/// server's own <c>{prefix}#{nsp}#{uid}#</c>. The server count is <c>PUBSUB SHARDNUMSUB {prefix}#{nsp}#</c>, asked
/// afresh for every request, so a server whose connection Redis dropped is no longer waited for.
/// </summary>
/// <remarks>
/// Node's sharded adapter sends no heartbeats (only <c>ClusterAdapterWithHeartbeat</c> does), so neither does this
/// one; a server that died but whose connection Redis still holds is waited for until the request's timeout.
/// Every member may be called concurrently.
/// </remarks>
internal sealed partial class ShardedRedisAdapter : ISocketIoAdapter, IAsyncDisposable
{
    private readonly SocketIoNamespace _nsp;
    private readonly InMemorySocketIoAdapter _local;
    private readonly RedisConnection _connection;
    private readonly RedisShardedAdapterOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly RedisAdapterMetrics _metrics;
    private readonly ILogger _logger;
    private readonly string _channel;
    private readonly RedisChannel _namespaceChannel;
    private readonly string _responseChannel;
    private readonly ClusterRequests _cluster;
    private readonly List<ChannelMessageQueue> _queues = [];
    private readonly ClusterMessageHandler _handler;
    private readonly CancellationTokenSource _disposed = new();

    private readonly Action<ShardedRedisAdapter>? _onClosed;

    public ShardedRedisAdapter(SocketIoNamespace nsp, RedisConnection connection, RedisShardedAdapterOptions options, TimeProvider timeProvider, RedisAdapterMetrics metrics, ILogger logger, Action<ShardedRedisAdapter>? closed = null)
    {
        _onClosed = closed;
        _nsp = nsp;
        _local = new InMemorySocketIoAdapter(nsp);
        _connection = connection;
        _options = options;
        _timeProvider = timeProvider;
        _metrics = metrics;
        _logger = logger;
        Uid = NewId();
        _channel = options.ChannelPrefix + "#" + nsp.Name + "#";
        _namespaceChannel = RedisChannel.Sharded(_channel);
        _responseChannel = _channel + Uid + "#";
        // Ready is set below, before anything can ask for a count.
        _cluster = new ClusterRequests(NewId, () => Ready!, options.RequestsTimeout, () => _connection.CountShardSubscribersAsync(_channel), timeProvider);
        _handler = new ClusterMessageHandler(nsp, _local, _cluster, options.RequestsTimeout, timeProvider, logger)
        {
            Uid = Uid,
            PublishResponse = PublishResponse,
            RoomsChanged = rooms => SyncRooms(rooms, socketId: null),
        };
        Ready = SubscribeAsync();
    }

    /// <summary>This adapter's id on the wire (<c>uid</c> of its messages).</summary>
    public string Uid { get; }

    /// <summary>Completes once the namespace and response channels are subscribed.</summary>
    public Task Ready { get; }

    /// <summary>As Node's cluster adapter: 8 random bytes in lowercase hex, for uids and request ids.</summary>
    internal static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    /// <summary>
    /// Subscribes to the namespace's and the response channel, retrying with backoff until both are in place. A failed
    /// SSUBSCRIBE (a timeout on a loaded machine) may still be carried out by Redis, which then counts this server, and
    /// leaves its queue registered in StackExchange.Redis where nothing reads it: that channel is dropped and subscribed
    /// afresh, or this server would neither answer requests nor hear answers. Once subscribed, StackExchange.Redis
    /// renews the subscriptions by itself after a reconnection.
    /// </summary>
    private async Task SubscribeAsync()
    {
        RedisChannel[] channels = [_namespaceChannel, RedisChannel.Sharded(_responseChannel)];
        var next = 0;
        var backoff = TimeSpan.FromMilliseconds(100);
        while (next < channels.Length && !_disposed.IsCancellationRequested)
        {
            try
            {
                var queue = await _connection.Subscriber.SubscribeAsync(channels[next]);
                queue.OnMessage(OnMessageAsync);
                lock (_queues)
                {
                    _queues.Add(queue);
                }

                if (_disposed.IsCancellationRequested)
                {
                    // Disposed while subscribing: the queues were taken before this one was added.
                    await _cluster.CloseAsync([queue]);
                    return;
                }

                next++;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                Log.SubscribeFailed(_logger, _nsp.Name, ex);
                await DropChannelAsync(channels[next]);
                try
                {
                    await Task.Delay(backoff, _timeProvider, _disposed.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
    }

    /// <summary>Forgets every queue of a channel only this adapter subscribes to, and unsubscribes it if Redis can be told.</summary>
    private async Task DropChannelAsync(RedisChannel channel)
    {
        try
        {
            await _connection.Subscriber.UnsubscribeAsync(channel);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // StackExchange.Redis forgot the channel before sending; the subscription sent next follows on the same connection.
        }
    }

    // ---- Rooms of this server (ShardedRedisAdapter.Rooms.cs keeps the room channels) ----

    public IReadOnlyCollection<string> SocketRooms(string socketId) => _local.SocketRooms(socketId);

    public IReadOnlyCollection<string> Sockets(IReadOnlySet<string> rooms) => _local.Sockets(rooms);

    internal List<string> RoomNames() => _local.RoomNames();

    // ---- Across servers ----

    public async ValueTask<int> ServerCountAsync() => await _cluster.CountServersAsync();

    public void Broadcast(SocketIoPacket packet, SocketIoBroadcastOptions options)
    {
        if (!options.Local)
        {
            var message = ClusterMessages.Broadcast(Uid, _nsp.Name, packet, options);
            _connection.TryPublish(BroadcastChannel(options), message);
        }

        _local.Broadcast(packet, options);
    }

    /// <summary>
    /// A broadcast to exactly one room goes to the room's channel, as Node chooses it: in dynamic mode unless the room
    /// looks like a socket id (20 characters), in dynamic-private mode always. Everything else to the namespace's.
    /// </summary>
    private RedisChannel BroadcastChannel(SocketIoBroadcastOptions options) =>
        RedisChannel.Sharded(BroadcastChannelName(_channel, _options.SubscriptionMode, options.Rooms));

    internal static string BroadcastChannelName(string channel, RedisShardedSubscriptionMode mode, IReadOnlySet<string> rooms)
    {
        if (rooms.Count == 1 && mode != RedisShardedSubscriptionMode.Static)
        {
            var room = rooms.First();
            if (mode == RedisShardedSubscriptionMode.DynamicPrivate || room.Length != 20)
            {
                return channel + room + "#";
            }
        }

        return channel;
    }

    private RedisChannel RoomChannel(string room) => RedisChannel.Sharded(_channel + room + "#");
    public void BroadcastWithAck(SocketIoPacket packet, long ackId, SocketIoBroadcastOptions options, SocketIoAckCollector collector)
    {
        if (!options.Local)
        {
            var timeout = collector.Timeout == Timeout.InfiniteTimeSpan ? _options.RequestsTimeout : collector.Timeout;
            // Always the namespace's channel: every server counted by SHARDNUMSUB must answer with its client count.
            _cluster.StartBroadcastWithAck(collector, timeout, requestId => _connection.TryPublish(
                _namespaceChannel,
                ClusterMessages.BroadcastWithAck(Uid, _nsp.Name, packet, requestId, options, timeout)));
        }

        _local.BroadcastWithAck(packet, ackId, options, collector);
    }

    public async ValueTask<IReadOnlyList<SocketIoRemoteSocket>> FetchSocketsAsync(SocketIoBroadcastOptions options)
    {
        var local = _local.FetchLocal(options);
        if (options.Local)
        {
            return local;
        }

        var sockets = new List<SocketIoRemoteSocket>(local);
        foreach (var answer in await FetchRemoteAsync(options))
        {
            RemoteSocketJson.ReadAll(_nsp, answer, sockets);
        }

        return sockets;
    }

    /// <summary>
    /// Node's sharded adapter has no message for all rooms; the rooms of every socket in the cluster (a fetch of all
    /// sockets, which Node servers answer too) are the same rooms, the sockets' own rooms included.
    /// </summary>
    public async ValueTask<IReadOnlyCollection<string>> AllRoomsAsync()
    {
        var rooms = new HashSet<string>(_local.RoomNames(), StringComparer.Ordinal);
        var all = new SocketIoBroadcastOptions(SocketIoBroadcastOptions.NoRooms, SocketIoBroadcastOptions.NoRooms, isVolatile: false, isLocal: false);
        foreach (var answer in await FetchRemoteAsync(all))
        {
            RemoteSocketJson.ReadAllRooms(answer, rooms);
        }

        return rooms;
    }

    /// <summary>
    /// A FETCH_SOCKETS request, answered by each other server (counted by SHARDNUMSUB) on this server's response
    /// channel: the answers' <c>data</c>. Like Node's, it fails at the timeout with "timeout reached: only n responses
    /// received out of m".
    /// </summary>
    private async Task<IReadOnlyList<JsonElement>> FetchRemoteAsync(SocketIoBroadcastOptions options)
    {
        await WaitReadyAsync();
        var request = await _cluster.RequestAsync(RequestType.RemoteFetch, _options.RequestsTimeout, requestId => _connection.TryPublish(
            _namespaceChannel,
            ClusterMessages.FetchSockets(Uid, _nsp.Name, options, requestId)));
        if (request is not var (result, expected))
        {
            return [];
        }

        if (result.TimedOut)
        {
            throw new TimeoutException($"timeout reached: only {result.Answers.Count} responses received out of {expected}");
        }

        return result.Answers;
    }

    /// <summary>The subscriptions, at most for the request timeout: without them no answer could be heard.</summary>
    private Task WaitReadyAsync() => Ready.IsCompleted ? Task.CompletedTask : Ready.WaitAsync(_options.RequestsTimeout, _timeProvider);

    public async ValueTask AddSocketsAsync(SocketIoBroadcastOptions options, IReadOnlyCollection<string> rooms)
    {
        if (!options.Local)
        {
            PublishSelection(ClusterMessageType.SocketsJoin, options, rooms, close: false);
        }

        await _local.AddSocketsAsync(options, rooms);
        SyncRooms(rooms, socketId: null);
    }

    public async ValueTask DelSocketsAsync(SocketIoBroadcastOptions options, IReadOnlyCollection<string> rooms)
    {
        if (!options.Local)
        {
            PublishSelection(ClusterMessageType.SocketsLeave, options, rooms, close: false);
        }

        await _local.DelSocketsAsync(options, rooms);
        SyncRooms(rooms, socketId: null);
    }

    public async ValueTask DisconnectSocketsAsync(SocketIoBroadcastOptions options, bool close)
    {
        if (!options.Local)
        {
            PublishSelection(ClusterMessageType.DisconnectSockets, options, null, close);
        }

        await _local.DisconnectSocketsAsync(options, close);
    }

    /// <summary>SOCKETS_JOIN/SOCKETS_LEAVE <c>{opts, rooms}</c> or DISCONNECT_SOCKETS <c>{opts, close}</c>.</summary>
    private void PublishSelection(ClusterMessageType type, SocketIoBroadcastOptions options, IReadOnlyCollection<string>? rooms, bool close)
    {
        _connection.TryPublish(_namespaceChannel, ClusterMessages.Selection(type, Uid, _nsp.Name, options, rooms, close));
    }

    public void ServerSideEmit(ReadOnlyMemory<byte> data) =>
        _connection.TryPublish(_namespaceChannel, EncodeServerSideEmit(requestId: null, data));

    private byte[] EncodeServerSideEmit(string? requestId, ReadOnlyMemory<byte> data) =>
        ClusterMessages.ServerSideEmit(Uid, _nsp.Name, requestId, data);

    public async Task<SocketIoServerSideAckResult> ServerSideEmitWithAckAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        await WaitReadyAsync().WaitAsync(cancellationToken);
        return await _cluster.ServerSideEmitWithAckAsync(
            _options.RequestsTimeout,
            requestId => _connection.TryPublish(_namespaceChannel, EncodeServerSideEmit(requestId, data)),
            "packet",
            cancellationToken);
    }

    /// <summary>Unsubscribes (a child namespace was removed, or the server stops) and ends what waits for answers.</summary>
    public async ValueTask DisposeAsync()
    {
        _onClosed?.Invoke(this);
        await _disposed.CancelAsync();
        List<ChannelMessageQueue> queues;
        lock (_queues)
        {
            queues = [.. _queues];
            _queues.Clear();
        }

        queues.AddRange(await TakeRoomQueuesAsync());
        await _cluster.CloseAsync(queues);
    }
}
