using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using SocketIo.Adapters;
using SocketIo.Redis.Diagnostics;
using SocketIo.Redis.Protocol;
using StackExchange.Redis;

namespace SocketIo.Redis.Internal;

/// <summary>
/// One namespace's rooms over Redis, as Node's <c>@socket.io/redis-adapter</c> <c>createAdapter</c> keeps them: the
/// rooms themselves live in this process (an in-memory adapter), every broadcast is also published for the other
/// servers, and what needs their sockets (fetch, join, leave, disconnect, all rooms, server-side emits, broadcast
/// acknowledgements) is a request on <c>{key}-request#{nsp}#</c> answered on <c>{key}-response#{nsp}#</c>.
/// </summary>
/// <remarks>
/// Messages from Redis arrive in order per subscription (StackExchange.Redis message queues). Every member may be
/// called concurrently. Requests that wait for answers are bounded by <see cref="RedisAdapterOptions.RequestsTimeout"/>.
/// </remarks>
internal sealed partial class RedisAdapter : ISocketIoAdapter, IAsyncDisposable
{
    private const string UidAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private readonly SocketIoNamespace _nsp;
    private readonly InMemorySocketIoAdapter _local;
    private readonly RedisConnection _connection;
    private readonly RedisAdapterOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly RedisAdapterMetrics _metrics;
    private readonly ILogger _logger;
    private readonly string _channel;
    private readonly RedisChannel _broadcastChannel;
    private readonly RedisChannel _requestChannel;
    private readonly RedisChannel _responseChannel;
    private readonly RedisChannel _specificResponseChannel;
    private readonly ClusterRequests _cluster;
    private readonly List<ChannelMessageQueue> _queues = [];
    private readonly CancellationTokenSource _disposed = new();

    private readonly Action<RedisAdapter>? _closed;

    public RedisAdapter(SocketIoNamespace nsp, RedisConnection connection, RedisAdapterOptions options, TimeProvider timeProvider, RedisAdapterMetrics metrics, ILogger logger, Action<RedisAdapter>? closed = null)
    {
        _closed = closed;
        _nsp = nsp;
        _local = new InMemorySocketIoAdapter(nsp);
        _connection = connection;
        _options = options;
        _timeProvider = timeProvider;
        _metrics = metrics;
        _logger = logger;
        Uid = NewId();
        _channel = options.Key + "#" + nsp.Name + "#";
        _broadcastChannel = RedisChannel.Literal(_channel);
        _requestChannel = RedisChannel.Literal(options.Key + "-request#" + nsp.Name + "#");
        var response = options.Key + "-response#" + nsp.Name + "#";
        _responseChannel = RedisChannel.Literal(response);
        _specificResponseChannel = RedisChannel.Literal(response + Uid + "#");
        // Ready is set below, before anything can ask for a count.
        _cluster = new ClusterRequests(NewId, () => Ready!, options.RequestsTimeout, () => _connection.CountSubscribersAsync(_requestChannel), timeProvider);
        Ready = SubscribeAsync();
    }

    /// <summary>This adapter's id on the wire; its own messages come back to it and are recognised by it.</summary>
    public string Uid { get; }

    /// <summary>Completes once the subscriptions are in place (tests wait for it; requests wait for it too).</summary>
    public Task Ready { get; }

    /// <summary>uid2's alphabet and length: a random id of six letters and digits.</summary>
    internal static string NewId() => RandomNumberGenerator.GetString(UidAlphabet, 6);

    /// <summary>
    /// Subscribes to the broadcast pattern and the request and response channels, retrying with backoff while Redis
    /// is unreachable (a server may start before Redis); once subscribed, StackExchange.Redis renews the subscriptions
    /// by itself after a reconnection.
    /// </summary>
    private async Task SubscribeAsync()
    {
        (RedisChannel Channel, Action<ChannelMessageQueue> Attach)[] subscriptions =
        [
            (RedisChannel.Pattern(_channel + "*"), queue => queue.OnMessage(OnBroadcastMessage)),
            (_requestChannel, queue => queue.OnMessage(OnRequestMessageAsync)),
            (_responseChannel, queue => queue.OnMessage(OnResponseMessage)),
            (_specificResponseChannel, queue => queue.OnMessage(OnResponseMessage)),
        ];
        var next = 0;
        var backoff = TimeSpan.FromMilliseconds(100);
        while (next < subscriptions.Length && !_disposed.IsCancellationRequested)
        {
            try
            {
                var queue = await _connection.Subscriber.SubscribeAsync(subscriptions[next].Channel);
                subscriptions[next].Attach(queue);
                lock (_queues)
                {
                    _queues.Add(queue);
                }

                next++;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                Log.SubscribeFailed(_logger, _nsp.Name, ex);
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

    // ---- Rooms of this server ----

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
        if (!options.Local)
        {
            // One room: its own channel, so that Node servers can skip what concerns none of their sockets.
            var channel = options.Rooms.Count == 1 ? RedisChannel.Literal(_channel + options.Rooms.First() + "#") : _broadcastChannel;
            _connection.TryPublish(channel, RedisMessageCodec.EncodeBroadcast(Uid, _nsp.Name, packet, options));
        }

        _local.Broadcast(packet, options);
    }

    public void BroadcastWithAck(SocketIoPacket packet, long ackId, SocketIoBroadcastOptions options, SocketIoAckCollector collector)
    {
        if (!options.Local)
        {
            var timeout = collector.Timeout == Timeout.InfiniteTimeSpan ? _options.RequestsTimeout : collector.Timeout;
            _cluster.StartBroadcastWithAck(collector, _options.RequestsTimeout, requestId =>
                _connection.TryPublish(_requestChannel, RedisMessageCodec.EncodeBroadcastRequest(Uid, requestId, _nsp.Name, packet, options, timeout)));
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

        var result = await RequestAsync(RequestType.RemoteFetch, (w, o) => RedisRequestWriter.WriteSelection(w, o), options, "fetchSockets");
        if (result is null)
        {
            return local;
        }

        var sockets = new List<SocketIoRemoteSocket>(local);
        foreach (var answer in result.Value.Answers)
        {
            RemoteSocketJson.ReadAll(_nsp, answer, sockets);
        }

        return sockets;
    }

    public async ValueTask<IReadOnlyCollection<string>> AllRoomsAsync()
    {
        var rooms = new HashSet<string>(_local.RoomNames(), StringComparer.Ordinal);
        var result = await RequestAsync<object?>(RequestType.AllRooms, null, null, "allRooms");
        if (result is not null)
        {
            foreach (var answer in result.Value.Answers)
            {
                RedisRequestWriter.ReadStrings(answer, "rooms"u8, rooms);
            }
        }

        return rooms;
    }

    /// <summary>
    /// Sends a request that every other server answers and waits for the answers: null when there is no other
    /// server. Like Node's adapter, a request that times out fails with "timeout reached while waiting for … response".
    /// </summary>
    private async Task<PendingRequestResult?> RequestAsync<TState>(RequestType type, Action<Utf8JsonWriter, TState>? body, TState state, string operation)
    {
        await WaitReadyAsync();
        var request = await _cluster.RequestAsync(type, _options.RequestsTimeout, requestId => _connection.TryPublish(
            _requestChannel,
            RedisRequestWriter.Write((this, requestId, type, body, state), static (w, s) =>
            {
                RedisRequestWriter.WriteHead(w, s.Item1.Uid, s.requestId, s.type);
                s.body?.Invoke(w, s.state);
            })));
        if (request is not var (result, _))
        {
            return null;
        }

        if (result.TimedOut)
        {
            throw new TimeoutException($"timeout reached while waiting for {operation} response");
        }

        return result;
    }

    /// <summary>The subscriptions, at most for the request timeout: without them no answer could be heard.</summary>
    private async Task WaitReadyAsync()
    {
        if (Ready.IsCompleted)
        {
            return;
        }

        try
        {
            await Ready.WaitAsync(_options.RequestsTimeout, _timeProvider);
        }
        catch (TimeoutException)
        {
            // Redis is unreachable: go on, and the server count answers for this server alone.
        }
    }

    public async ValueTask AddSocketsAsync(SocketIoBroadcastOptions options, IReadOnlyCollection<string> rooms)
    {
        // Here at once, rather than when the request comes back from Redis as Node's adapter does, so that the caller
        // sees its own sockets in the rooms when this returns, and does whether or not Redis is reachable.
        await _local.AddSocketsAsync(options, rooms);
        if (!options.Local)
        {
            PublishRequest(RequestType.RemoteJoin, options, rooms, close: false);
        }
    }

    public async ValueTask DelSocketsAsync(SocketIoBroadcastOptions options, IReadOnlyCollection<string> rooms)
    {
        await _local.DelSocketsAsync(options, rooms);
        if (!options.Local)
        {
            PublishRequest(RequestType.RemoteLeave, options, rooms, close: false);
        }
    }

    public async ValueTask DisconnectSocketsAsync(SocketIoBroadcastOptions options, bool close)
    {
        if (!options.Local)
        {
            PublishRequest(RequestType.RemoteDisconnect, options, null, close);
        }

        await _local.DisconnectSocketsAsync(options, close);
    }

    /// <summary>A join, leave or disconnect for the other servers: <c>{uid, type, opts, rooms}</c> or <c>{uid, type, opts, close}</c>.</summary>
    private void PublishRequest(RequestType type, SocketIoBroadcastOptions options, IReadOnlyCollection<string>? rooms, bool close)
    {
        var message = RedisRequestWriter.Write((Uid, type, options, rooms, close), static (w, s) =>
        {
            RedisRequestWriter.WriteHead(w, s.Uid, requestId: null, s.type);
            RedisRequestWriter.WriteSelection(w, s.options);
            if (s.rooms is not null)
            {
                RedisRequestWriter.WriteStrings(w, "rooms"u8, s.rooms);
            }
            else
            {
                w.WriteBoolean("close"u8, s.close);
            }
        });
        _connection.TryPublish(_requestChannel, message);
    }

    public void ServerSideEmit(ReadOnlyMemory<byte> data)
    {
        var message = RedisRequestWriter.Write((Uid, data), static (w, s) =>
        {
            RedisRequestWriter.WriteHead(w, s.Uid, requestId: null, RequestType.ServerSideEmit);
            w.WritePropertyName("data"u8);
            w.WriteRawValue(s.data.Span, skipInputValidation: true);
        });
        _connection.TryPublish(_requestChannel, message);
    }

    public async Task<SocketIoServerSideAckResult> ServerSideEmitWithAckAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        await WaitReadyAsync().WaitAsync(cancellationToken);
        return await _cluster.ServerSideEmitWithAckAsync(
            _options.RequestsTimeout,
            requestId => _connection.TryPublish(_requestChannel, RedisRequestWriter.Write((Uid, requestId, data), static (w, s) =>
            {
                RedisRequestWriter.WriteHead(w, s.Uid, s.requestId, RequestType.ServerSideEmit);
                w.WritePropertyName("data"u8);
                w.WriteRawValue(s.data.Span, skipInputValidation: true);
            })),
            "data",
            cancellationToken);
    }

    /// <summary>Unsubscribes (a child namespace was removed, or the server stops) and ends what waits for answers.</summary>
    public async ValueTask DisposeAsync()
    {
        _closed?.Invoke(this);
        await _disposed.CancelAsync();
        List<ChannelMessageQueue> queues;
        lock (_queues)
        {
            queues = [.. _queues];
            _queues.Clear();
        }

        await _cluster.CloseAsync(queues);
    }
}
