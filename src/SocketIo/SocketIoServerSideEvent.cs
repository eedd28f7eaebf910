using System.Text.Json;

namespace SocketIo;

/// <summary>Handles an event another server of the cluster emitted with <see cref="SocketIoNamespace.ServerSideEmitAsync"/>.</summary>
public delegate ValueTask SocketIoServerSideListener(SocketIoServerSideEvent e);

/// <summary>
/// An event another server emitted to every server of the cluster (the reference's <c>serverSideEmit</c>). Its
/// arguments are JSON: servers exchange no binary attachments. Valid only until the handler's task completes.
/// </summary>
public sealed class SocketIoServerSideEvent : SocketIoArguments
{
    private readonly Action<object?>? _ack;
    private int _acked;

    internal SocketIoServerSideEvent(string name, JsonElement array, Action<object?>? ack, JsonSerializerOptions options)
        : base(array, offset: 1, [], options)
    {
        Name = name;
        _ack = ack;
    }

    /// <summary>The event name.</summary>
    public string Name { get; }

    /// <summary>True if the emitting server waits for an answer (<see cref="SocketIoNamespace.ServerSideEmitWithAckAsync(string, object?[])"/>).</summary>
    public bool HasAck => _ack is not null;

    /// <summary>
    /// Answers the emitting server with one value (as the reference, a server-side acknowledgement carries one
    /// argument). Only the first call sends; without an acknowledgement requested it does nothing.
    /// </summary>
    public ValueTask AckAsync(object? value)
    {
        if (_ack is not null && Interlocked.Exchange(ref _acked, 1) == 0)
        {
            _ack(value);
        }

        return default;
    }
}
