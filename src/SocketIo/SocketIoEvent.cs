using System.Text.Json;

namespace SocketIo;

/// <summary>
/// An event a client emitted. Its arguments are valid only until the handler's task completes: copy (or
/// <see cref="JsonElement.Clone"/>) what must outlive it.
/// </summary>
public sealed class SocketIoEvent : SocketIoArguments
{
    private readonly long _ackId;
    private int _acked;

    internal SocketIoEvent(SocketIoSocket socket, string name, JsonElement array, IReadOnlyList<ReadOnlyMemory<byte>> attachments, long ackId, JsonSerializerOptions options)
        : base(array, offset: 1, attachments, options)
    {
        Socket = socket;
        Name = name;
        _ackId = ackId;
    }

    /// <summary>The socket the event came from.</summary>
    public SocketIoSocket Socket { get; }

    /// <summary>The event name.</summary>
    public string Name { get; }

    /// <summary>True if the client passed a callback and waits for an acknowledgement.</summary>
    public bool HasAck => _ackId >= 0;

    /// <summary>
    /// Answers the client's callback with these arguments (byte arrays go as binary). Only the first call sends;
    /// without a callback on the client it does nothing.
    /// </summary>
    public ValueTask AckAsync(params object?[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (_ackId < 0 || Interlocked.Exchange(ref _acked, 1) != 0)
        {
            return default;
        }

        Socket.SendAck(_ackId, args);
        return default;
    }
}
