using SocketIo.Adapters;
using SocketIo.Redis.Protocol;
using StackExchange.Redis;

namespace SocketIo.Redis.Internal;

/// <summary>
/// Connection state recovery over the stream, as Node's adapter does it on the wire (the same session keys, the same
/// offsets), so that a client cut from any server, ours or Node's, is recovered by any other: a broadcast's offset is
/// its entry's id; a disconnected socket's session is <c>SET {prefix}{pid} ... PX {window}</c>; a restore takes the
/// session (<c>MULTI GET DEL</c>), checks that the client's offset is still in the stream (<c>XRANGE o o</c>) and reads
/// the entries after it.
/// </summary>
/// <remarks>
/// Node's restore reads from the offset to the end of the stream in one <c>XRANGE</c> without <c>COUNT</c>, and again
/// until nothing comes (up to 100 times), so one client's restore may pull the whole stream into one reply and, while
/// broadcasts keep coming, never reach an end. This one reads in batches of <see cref="RedisStreamsAdapterOptions.ReadCount"/>
/// up to the stream's last entry when it started (<c>XRANGE next last COUNT n</c>), skips other namespaces' entries
/// without decoding them, and gives up past <see cref="RedisStreamsAdapterOptions.MaxRestoredPackets"/>; what is added
/// after it started reaches the session through <see cref="PendingRestore"/> instead.
/// </remarks>
internal sealed partial class RedisStreamsAdapter : ISocketIoSessionAwareAdapter
{
    private readonly Lock _deliveryLock = new();
    private Task _deliveries = Task.CompletedTask;
    private int _undelivered;

    /// <summary>
    /// Called on the delivering thread once a packet has gone to this server's sockets: a seam for tests that end a
    /// restore (<see cref="AddAll"/>) at that very point.
    /// </summary>
    internal Action<SocketIoPacket>? AfterLocalDelivery { get; set; }

    /// <summary>Called when a restore has read the stream and waits for this server's deliveries to catch up: a seam for tests.</summary>
    internal Action? WaitingForDeliveries { get; set; }

    private bool Recovering => _nsp.Server.Options.ConnectionStateRecovery is not null;

    /// <summary>
    /// A recoverable broadcast of this server: delivered here once Redis has given it its entry id, the offset, and in
    /// the order broadcasts were made (each waits for the one before).
    /// </summary>
    private void BroadcastWithOffset(Task<string?> entryId, SocketIoPacket packet, SocketIoBroadcastOptions options)
    {
        // Held packets are bounded as the commands in flight are: past that, Redis is not keeping up, and a packet goes
        // out at once without an offset (as one whose entry was dropped) rather than wait in memory.
        if (Interlocked.Increment(ref _undelivered) > _options.MaxPendingPublishes)
        {
            Interlocked.Decrement(ref _undelivered);
            DeliverLocally(packet, options);
            return;
        }

        lock (_deliveryLock)
        {
            _deliveries = DeliverAsync(_deliveries, entryId, packet, options);
        }
    }

    private async Task DeliverAsync(Task previous, Task<string?> entryId, SocketIoPacket packet, SocketIoBroadcastOptions options)
    {
        await previous;
        try
        {
            // Without an id (Redis did not take the entry) the packet still goes out, without an offset, as in Node.
            var offset = await entryId;
            DeliverLocally(offset is null ? packet : packet.WithOffset(offset), options);
        }
        catch (Exception ex)
        {
            Log.MessageFailed(_logger, Stream, ex);
        }
        finally
        {
            Interlocked.Decrement(ref _undelivered);
        }
    }

    /// <summary>Another server's broadcast from the stream, with its entry id as offset when it is recoverable.</summary>
    private void DeliverRemoteBroadcast(RemoteBroadcast broadcast, string? offset)
    {
        var packet = broadcast.ToPacket();
        if (offset is not null && Recovering && !broadcast.Options.Volatile)
        {
            packet = packet.WithOffset(offset);
        }

        DeliverLocally(packet, broadcast.Options);
    }

    /// <summary>
    /// To this server's sockets; and to the restores in progress, which the local rooms offer it under the lock that
    /// selects the targets and adds a restored socket's rooms back, so that the packet reaches each socket directly or
    /// through its restore, never neither.
    /// </summary>
    private void DeliverLocally(SocketIoPacket packet, SocketIoBroadcastOptions options)
    {
        _local.Broadcast(packet, options);
        AfterLocalDelivery?.Invoke(packet);
    }

    public void PersistSession(SocketIoSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (_nsp.Server.Options.ConnectionStateRecovery is not { } recovery)
        {
            return;
        }

        string value;
        try
        {
            value = StreamSession.Encode(session, _nsp.Server.JsonOptions);
        }
        catch (Exception ex) when (ex is NotSupportedException or InvalidOperationException or ArgumentException or InvalidDataException or System.Text.Json.JsonException)
        {
            // Data that cannot be written as JSON: the session cannot be kept in Redis, and the client will not be recovered.
            Log.PersistFailed(_logger, _nsp.Name, ex);
            return;
        }

        var window = (long)recovery.MaxDisconnectionDuration.TotalMilliseconds;
        _ = _connection.TryExecuteAsync("SET", [(RedisKey)(_options.SessionKeyPrefix + session.PrivateId), value, "PX", window]);
    }

    public async ValueTask<SocketIoRecoveredSession?> RestoreSessionAsync(string privateId, string offset, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(privateId);
        if (!StreamId.TryParse(offset, out var from) || privateId.Length == 0)
        {
            return null;
        }

        var database = _connection.Multiplexer.GetDatabase();
        var transaction = database.CreateTransaction();
        var key = (RedisKey)(_options.SessionKeyPrefix + privateId);
        // MULTI GET DEL as Node's adapter does it, rather than GETDEL, which needs Redis 6.2.
#pragma warning disable SER303
        var stored = transaction.StringGetAsync(key);
        _ = transaction.KeyDeleteAsync(key);
#pragma warning restore SER303
        var committed = transaction.ExecuteAsync();
        var offsetEntry = database.StreamRangeAsync(Stream, offset, offset);
        SocketIoSession? session;
        try
        {
            await Task.WhenAll(committed, stored, offsetEntry).WaitAsync(cancellationToken);
            session = StreamSession.TryDecode(stored.Result);
            if (session is null || offsetEntry.Result.Length == 0)
            {
                // Unknown or expired session, or an offset that has left the stream (or never was in it).
                return null;
            }
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            Log.RestoreFailed(_logger, _nsp.Name, ex);
            return null;
        }

        // Tracked until the socket is back in its rooms (AddAll) or refused (DelAll).
        var pending = new PendingRestore(session, _options.MaxRestoredPackets);
        _local.TrackRestore(session.Id, pending);
        try
        {
            var recovered = await ReadMissedAsync(database, session, from, pending, cancellationToken);
            if (recovered is null)
            {
                _local.UntrackRestore(session.Id, pending);
            }

            return recovered;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or OperationCanceledException)
        {
            _local.UntrackRestore(session.Id, pending);
            if (ex is OperationCanceledException)
            {
                throw;
            }

            Log.RestoreFailed(_logger, _nsp.Name, ex);
            return null;
        }
    }

    /// <summary>
    /// The packets after <paramref name="from"/> up to the stream's last entry now, for the session's rooms; null when
    /// there are more than a restore may hand over.
    /// </summary>
    private async Task<SocketIoRecoveredSession?> ReadMissedAsync(IDatabase database, SocketIoSession session, StreamId from, PendingRestore pending, CancellationToken cancellationToken)
    {
        // Registered before the last id is read: whatever is added after it reaches the session through the pending restore.
        var last = await database.StreamRangeAsync(Stream, "-", "+", count: 1, messageOrder: Order.Descending).WaitAsync(cancellationToken);
        var readUpTo = last.Length > 0 && StreamId.TryParse(last[0].Id, out var tip) ? tip : from;
        var rooms = new HashSet<string>(session.Rooms, StringComparer.Ordinal);
        var missed = new List<SocketIoPacket>();
        var position = from;
        while (position < readUpTo)
        {
            var batch = await database.StreamRangeAsync(Stream, position.Next().ToString(), readUpTo.ToString(), count: _options.ReadCount).WaitAsync(cancellationToken);
            foreach (var entry in batch)
            {
                if (!StreamId.TryParse(entry.Id, out position))
                {
                    return null;
                }

                if (ToMissedPacket(entry, rooms) is { } packet)
                {
                    if (missed.Count >= _options.MaxRestoredPackets)
                    {
                        Log.TooManyMissed(_logger, _nsp.Name, _options.MaxRestoredPackets);
                        return null;
                    }

                    missed.Add(packet);
                }
            }

            if (batch.Length < _options.ReadCount)
            {
                break;
            }
        }

        await WaitForDeliveriesAsync(readUpTo, cancellationToken);
        if (pending.Overflowed)
        {
            Log.TooManyMissed(_logger, _nsp.Name, _options.MaxRestoredPackets);
            return null;
        }

        var recovered = new SocketIoRecoveredSession(session, missed);
        pending.Complete(recovered, readUpTo);
        return recovered;
    }

    /// <summary>
    /// Waits until every entry up to <paramref name="readUpTo"/> has gone through this server's local delivery, which
    /// offers it to the restore (held, then dropped as read) rather than, once the socket is back in its rooms, to the
    /// socket a second time: the stream poller may lag behind the stream, and this server's own broadcasts wait for
    /// their entry ids. Past a bound the restore completes anyway: a packet may then come twice, never not at all.
    /// </summary>
    private async Task WaitForDeliveriesAsync(StreamId readUpTo, CancellationToken cancellationToken)
    {
        // Own broadcasts up to the stream's last entry were queued for delivery before their XADD was sent.
        Task own;
        lock (_deliveryLock)
        {
            own = _deliveries;
        }

        WaitingForDeliveries?.Invoke();
        try
        {
            await Task.WhenAll(_poller.WaitForAsync(readUpTo), own).WaitAsync(_options.RequestsTimeout / 2, _timeProvider, cancellationToken);
        }
        catch (TimeoutException ex)
        {
            Log.RestoreCatchUpFailed(_logger, _nsp.Name, ex);
        }
    }

    /// <summary>
    /// An entry's packet with its id as offset, when it is a broadcast of this namespace for the session's rooms;
    /// entries of other namespaces or types are skipped before their data is decoded.
    /// </summary>
    private SocketIoPacket? ToMissedPacket(StackExchange.Redis.StreamEntry entry, HashSet<string> rooms)
    {
        string? uid = null, nsp = null, type = null;
        RedisValue data = RedisValue.Null;
        foreach (var field in entry.Values)
        {
            switch ((string?)field.Name)
            {
                case "uid": uid = field.Value; break;
                case "nsp": nsp = field.Value; break;
                case "type": type = field.Value; break;
                case "data": data = field.Value; break;
            }
        }

        if (nsp != _nsp.Name || type != "3" || data.IsNull)
        {
            return null;
        }

        var attachments = new List<ReadOnlyMemory<byte>>();
        try
        {
            using var document = ClusterStreamEntry.ReadData(data, attachments);
            var root = document.RootElement;
            if (root.ValueKind != System.Text.Json.JsonValueKind.Object
                || root.TryGetProperty("requestId"u8, out _)
                || !root.TryGetProperty("packet"u8, out var packet) || packet.ValueKind != System.Text.Json.JsonValueKind.Object
                || !packet.TryGetProperty("data"u8, out var args) || args.ValueKind != System.Text.Json.JsonValueKind.Array)
            {
                return null;
            }

            var options = ClusterMessageCodec.ReadOptions(root);
            if (options.Volatile || !PendingRestore.Includes(rooms, options))
            {
                return null;
            }

            var broadcast = new RemoteBroadcast
            {
                Uid = uid ?? "",
                Namespace = _nsp.Name,
                Data = System.Text.Encoding.UTF8.GetBytes(args.GetRawText()),
                Attachments = attachments,
                Options = options,
            };
            return broadcast.ToPacket().WithOffset(entry.Id!);
        }
        catch (InvalidDataException ex)
        {
            Malformed(Stream, ex.Message);
            return null;
        }
    }
}
