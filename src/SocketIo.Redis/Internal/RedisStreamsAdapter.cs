using System.Text.Json;
using Microsoft.Extensions.Logging;
using SocketIo.Adapters;
using SocketIo.Redis.Diagnostics;
using SocketIo.Redis.Protocol;
using StackExchange.Redis;

namespace SocketIo.Redis.Internal;

/// <summary>
/// One namespace over Redis Streams, as Node's <c>@socket.io/redis-streams-adapter</c> 0.3 (a <c>ClusterAdapter</c>)
/// runs it: the rooms live in this process; what other servers must not miss (broadcasts without acknowledgements,
/// joins, leaves, disconnections) is an entry <c>XADD</c>ed to the namespace's stream, whose id is the broadcast's
/// offset for connection state recovery; requests that wait for answers, and the answers, go over pub/sub on
/// <c>{prefix}#{nsp}#</c> and <c>{prefix}#{nsp}#{uid}#</c>, always as MessagePack. The server count is
/// <c>PUBSUB NUMSUB</c> (or <c>SHARDNUMSUB</c>) of the namespace's channel.
/// </summary>
/// <remarks>
/// Node's 0.3 adapter sends no heartbeats (it extends <c>ClusterAdapter</c>, not <c>ClusterAdapterWithHeartbeat</c>), so
/// neither does this one. The factory's <see cref="RedisStreamPoller"/> hands this adapter the entries of its
/// namespace (<see cref="OnEntryAsync"/>). Every member may be called concurrently.
/// </remarks>
internal sealed partial class RedisStreamsAdapter : ISocketIoAdapter, IAsyncDisposable
{
    private readonly SocketIoNamespace _nsp;
    private readonly InMemorySocketIoAdapter _local;
    private readonly RedisConnection _connection;
    private readonly RedisStreamsAdapterOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly RedisAdapterMetrics _metrics;
    private readonly ILogger _logger;
    private readonly string _channel;
    private readonly RedisChannel _namespaceChannel;
    private readonly RedisChannel _responseChannel;
    private readonly ClusterRequests _cluster;
    private readonly ClusterMessageHandler _handler;
    private readonly List<ChannelMessageQueue> _queues = [];
    private readonly Action<RedisStreamsAdapter>? _onClosed;
    private readonly RedisStreamPoller _poller;

    public RedisStreamsAdapter(SocketIoNamespace nsp, RedisConnection connection, RedisStreamsAdapterOptions options, TimeProvider timeProvider, RedisAdapterMetrics metrics, ILogger logger, RedisStreamPoller poller, Action<RedisStreamsAdapter>? closed = null)
    {
        _onClosed = closed;
        _nsp = nsp;
        _local = new InMemorySocketIoAdapter(nsp);
        _connection = connection;
        _options = options;
        _timeProvider = timeProvider;
        _metrics = metrics;
        _logger = logger;
        Uid = ShardedRedisAdapter.NewId();
        Stream = StreamName(nsp.Name, options);
        _channel = options.ChannelPrefix + "#" + nsp.Name + "#";
        _namespaceChannel = Channel(_channel);
        _responseChannel = Channel(_channel + Uid + "#");
        _cluster = new ClusterRequests(ShardedRedisAdapter.NewId, () => Ready!, options.RequestsTimeout, CountServersAsync, timeProvider);
        _handler = new ClusterMessageHandler(nsp, _local, _cluster, options.RequestsTimeout, timeProvider, logger)
        {
            Uid = Uid,
            AlwaysMessagePack = true,
            PublishResponse = PublishResponse,
            DeliverBroadcast = DeliverRemoteBroadcast,
        };
        _poller = poller;
        Ready = Task.WhenAll(SubscribeAsync(), poller.Started);
    }

    /// <summary>This adapter's id on the wire (<c>uid</c> of its messages).</summary>
    public string Uid { get; }

    /// <summary>The namespace's name.</summary>
    public string Namespace => _nsp.Name;

    /// <summary>The stream this namespace's entries go to.</summary>
    public string Stream { get; }

    /// <summary>
    /// Completes once the namespace and response channels are subscribed and the stream is being read (every entry
    /// added from then on reaches this server).
    /// </summary>
    public Task Ready { get; }

    /// <summary>
    /// The namespace's stream: <c>{StreamName}</c>, or with several streams <c>{StreamName}-{i}</c>, i being Node's
    /// Java-style string hash of the name (UTF-16 code units, 32-bit wrap-around) modulo the count; a negative hash
    /// gives a negative i, as JavaScript's <c>%</c> does, and Node's stream name keeps the minus sign.
    /// </summary>
    internal static string StreamName(string nsp, RedisStreamsAdapterOptions options)
    {
        if (options.StreamCount == 1)
        {
            return options.StreamName;
        }

        var hash = 0;
        foreach (var c in nsp)
        {
            hash = unchecked((hash * 31) + c);
        }

        return options.StreamName + "-" + (hash % options.StreamCount).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private RedisChannel Channel(string name) => _options.UseShardedPubSub ? RedisChannel.Sharded(name) : RedisChannel.Literal(name);

    private Task<int> CountServersAsync() => _options.UseShardedPubSub
        ? _connection.CountShardSubscribersAsync(_channel)
        : _connection.CountSubscribersAsync(_namespaceChannel);

    private async Task SubscribeAsync()
    {
        try
        {
            var messages = await _connection.Subscriber.SubscribeAsync(_namespaceChannel);
            messages.OnMessage(OnMessageAsync);
            var responses = await _connection.Subscriber.SubscribeAsync(_responseChannel);
            responses.OnMessage(OnMessageAsync);
            lock (_queues)
            {
                _queues.AddRange([messages, responses]);
            }
        }
        catch (Exception ex)
        {
            // StackExchange.Redis subscribes again once connected; until then this server hears nothing from the others.
            Log.SubscribeFailed(_logger, _nsp.Name, ex);
        }
    }

    // ---- Rooms of this server ----

    // A restore in progress ends in the local rooms' AddAll and DelAll, under their lock (see DeliverLocally).
    public void AddAll(string socketId, IEnumerable<string> rooms) => _local.AddAll(socketId, rooms);

    public void Del(string socketId, string room) => _local.Del(socketId, room);

    public void DelAll(string socketId) => _local.DelAll(socketId);

    public IReadOnlyCollection<string> SocketRooms(string socketId) => _local.SocketRooms(socketId);

    public IReadOnlyCollection<string> Sockets(IReadOnlySet<string> rooms) => _local.Sockets(rooms);

    internal List<string> RoomNames() => _local.RoomNames();

    // ---- Across servers ----

    public async ValueTask<int> ServerCountAsync() => await _cluster.CountServersAsync();

    public void Broadcast(SocketIoPacket packet, SocketIoBroadcastOptions options)
    {
        if (options.Local)
        {
            _local.Broadcast(packet, options);
            return;
        }

        // Commands go out in call order on the one connection, so the stream keeps this server's order.
        var entryId = AddEntryAsync(ClusterStreamEntry.Broadcast(Uid, _nsp.Name, packet, options));
        if (Recovering && !options.Volatile)
        {
            BroadcastWithOffset(entryId, packet, options);
        }
        else
        {
            _local.Broadcast(packet, options);
        }
    }

    private Task<string?> AddEntryAsync(NameValueEntry[] entry) => _connection.TryStreamAddAsync(Stream, entry, _options.MaxLength);

    public void BroadcastWithAck(SocketIoPacket packet, long ackId, SocketIoBroadcastOptions options, SocketIoAckCollector collector)
    {
        if (!options.Local)
        {
            var timeout = collector.Timeout == Timeout.InfiniteTimeSpan ? _options.RequestsTimeout : collector.Timeout;
            _cluster.StartBroadcastWithAck(collector, timeout, requestId => _connection.TryPublish(
                _namespaceChannel,
                ClusterMessages.BroadcastWithAck(Uid, _nsp.Name, packet, requestId, options, timeout, messagePack: true)));
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

    /// <summary>Node's cluster adapter has no message for all rooms: the rooms of every socket in the cluster are the same rooms.</summary>
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

    private async Task<IReadOnlyList<JsonElement>> FetchRemoteAsync(SocketIoBroadcastOptions options)
    {
        await WaitReadyAsync();
        var request = await _cluster.RequestAsync(RequestType.RemoteFetch, _options.RequestsTimeout, requestId => _connection.TryPublish(
            _namespaceChannel,
            ClusterMessages.FetchSockets(Uid, _nsp.Name, options, requestId, messagePack: true)));
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

    private Task WaitReadyAsync() => Ready.IsCompleted ? Task.CompletedTask : Ready.WaitAsync(_options.RequestsTimeout, _timeProvider);

    public async ValueTask AddSocketsAsync(SocketIoBroadcastOptions options, IReadOnlyCollection<string> rooms)
    {
        if (!options.Local)
        {
            _ = AddEntryAsync(ClusterStreamEntry.Selection(ClusterMessageType.SocketsJoin, Uid, _nsp.Name, options, rooms, close: false));
        }

        await _local.AddSocketsAsync(options, rooms);
    }

    public async ValueTask DelSocketsAsync(SocketIoBroadcastOptions options, IReadOnlyCollection<string> rooms)
    {
        if (!options.Local)
        {
            _ = AddEntryAsync(ClusterStreamEntry.Selection(ClusterMessageType.SocketsLeave, Uid, _nsp.Name, options, rooms, close: false));
        }

        await _local.DelSocketsAsync(options, rooms);
    }

    public async ValueTask DisconnectSocketsAsync(SocketIoBroadcastOptions options, bool close)
    {
        if (!options.Local)
        {
            _ = AddEntryAsync(ClusterStreamEntry.Selection(ClusterMessageType.DisconnectSockets, Uid, _nsp.Name, options, null, close));
        }

        await _local.DisconnectSocketsAsync(options, close);
    }

    public void ServerSideEmit(ReadOnlyMemory<byte> data) =>
        _connection.TryPublish(_namespaceChannel, ClusterMessages.ServerSideEmit(Uid, _nsp.Name, null, data, messagePack: true));

    public async Task<SocketIoServerSideAckResult> ServerSideEmitWithAckAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        await WaitReadyAsync().WaitAsync(cancellationToken);
        return await _cluster.ServerSideEmitWithAckAsync(
            _options.RequestsTimeout,
            requestId => _connection.TryPublish(_namespaceChannel, ClusterMessages.ServerSideEmit(Uid, _nsp.Name, requestId, data, messagePack: true)),
            "packet",
            cancellationToken);
    }

    /// <summary>Unsubscribes (a child namespace was removed, or the server stops) and ends what waits for answers.</summary>
    public async ValueTask DisposeAsync()
    {
        _onClosed?.Invoke(this);
        List<ChannelMessageQueue> queues;
        lock (_queues)
        {
            queues = [.. _queues];
            _queues.Clear();
        }

        await _cluster.CloseAsync(queues);
    }
}
