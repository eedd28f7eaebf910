using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using SocketIo.Protocol;

namespace SocketIo.Internal;

/// <summary>
/// The acknowledgements a connection's sockets are waiting for, keyed by socket id and ack id. Created with the
/// first acknowledged emit, so that sockets that never ask for one carry no table.
/// </summary>
internal sealed class AckRegistry
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _timeProvider;
    private Dictionary<(string SocketId, long AckId), IPendingAck>? _pending;

    public AckRegistry(TimeProvider timeProvider) => _timeProvider = timeProvider;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _pending?.Count ?? 0;
            }
        }
    }

    /// <summary>Waits for one socket's answer to one emit.</summary>
    public Task<SocketIoAckResponse> Register(SocketIoSocket socket, long ackId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var pending = new PendingAck(this, socket.Id, ackId, socket.Namespace.Server.Metrics);
        Add(socket.Id, ackId, pending);
        // Registered after insertion, so that a timer or token that fires at once finds the entry to remove.
        pending.Start(_timeProvider, timeout, cancellationToken);
        return pending.Task;
    }

    /// <summary>Counts one socket's answer towards a broadcast's.</summary>
    public void Register(string socketId, long ackId, IPendingAck collector) => Add(socketId, ackId, collector);

    private void Add(string socketId, long ackId, IPendingAck pending)
    {
        lock (_lock)
        {
            (_pending ??= [])[(socketId, ackId)] = pending;
        }
    }

    public bool Complete(string socketId, long ackId, SocketIoAckResponse response)
    {
        var pending = Take(socketId, ackId);
        if (pending is null)
        {
            return false;
        }

        pending.Complete(response);
        return true;
    }

    public void Fail(string socketId, long ackId, Exception error) => Take(socketId, ackId)?.Fail(error);

    /// <summary>The socket left: everything it was asked fails at once rather than at its timeout.</summary>
    public void FailAll(string socketId)
    {
        List<IPendingAck>? failed = null;
        lock (_lock)
        {
            if (_pending is null)
            {
                return;
            }

            foreach (var entry in _pending)
            {
                if (entry.Key.SocketId == socketId)
                {
                    (failed ??= []).Add(entry.Value);
                    // Removing the current entry while enumerating is allowed for Dictionary.
                    _pending.Remove(entry.Key);
                }
            }
        }

        if (failed is not null)
        {
            foreach (var pending in failed)
            {
                pending.Fail(new SocketIoDisconnectedException());
            }
        }
    }

    internal IPendingAck? Take(string socketId, long ackId)
    {
        lock (_lock)
        {
            return _pending is not null && _pending.Remove((socketId, ackId), out var pending) ? pending : null;
        }
    }

    private static readonly JsonElement _noArguments = JsonDocument.Parse("[]").RootElement;

    /// <summary>
    /// Reads an ACK's arguments as <see cref="ParseResponse"/> does; false if they are malformed, or refer to an
    /// attachment the packet did not announce.
    /// </summary>
    public static bool TryParseResponse(string socketId, ReadOnlySpan<byte> payload, IReadOnlyList<ReadOnlyMemory<byte>> attachments, JsonSerializerOptions options, [NotNullWhen(true)] out SocketIoAckResponse? response)
    {
        try
        {
            response = ParseResponse(socketId, payload, attachments, options);
        }
        catch (JsonException)
        {
            response = null;
            return false;
        }

        if (attachments.Count > 0 && !BinaryAttachments.PlaceholdersFit(response.Arguments, attachments.Count))
        {
            response = null;
            return false;
        }

        return true;
    }

    /// <summary>Reads an ACK's arguments (the whole payload; none if empty) into a response that owns them.</summary>
    public static SocketIoAckResponse ParseResponse(string socketId, ReadOnlySpan<byte> payload, IReadOnlyList<ReadOnlyMemory<byte>> attachments, JsonSerializerOptions options)
    {
        if (payload.IsEmpty)
        {
            return new SocketIoAckResponse(socketId, _noArguments, attachments, options);
        }

        var reader = new Utf8JsonReader(payload);
        var array = JsonElement.ParseValue(ref reader);
        if (reader.Read())
        {
            throw new JsonException("Unexpected data after the acknowledgement's arguments.");
        }

        return new SocketIoAckResponse(socketId, array, attachments, options);
    }
}
