using SocketIo;

namespace BenchServer;

/// <summary>
/// The bench events, with the reference's semantics: <c>echo</c> acks exactly the arguments it got, <c>join</c> joins a
/// room, <c>broadcast</c> emits <c>tick</c> to a room. The listeners are created once, not per connection, so a
/// connection costs only what the library keeps for it.
/// </summary>
internal sealed class BenchEvents
{
    private readonly ISocketIoServer _io;
    private readonly SocketIoEventListener _echo;
    private readonly SocketIoEventListener _join;
    private readonly SocketIoEventListener _broadcast;

    public BenchEvents(ISocketIoServer io)
    {
        _io = io;
        _echo = EchoAsync;
        _join = JoinAsync;
        _broadcast = BroadcastAsync;
    }

    public ValueTask OnConnectedAsync(SocketIoSocket socket)
    {
        socket.On("echo", _echo).On("join", _join).On("broadcast", _broadcast);
        return default;
    }

    /// <summary>
    /// Acks the raw arguments: JSON as the client's JSON (no typed round-trip), binary arguments as attachments. The
    /// ack is encoded before this returns, while the arguments are still valid.
    /// </summary>
    private static ValueTask EchoAsync(SocketIoEvent e)
    {
        var args = new object?[e.Count];
        for (var i = 0; i < args.Length; i++)
        {
            args[i] = e.IsBinary(i) ? e.GetBinary(i) : e[i];
        }

        return e.AckAsync(args);
    }

    private static ValueTask JoinAsync(SocketIoEvent e)
    {
        e.Socket.Join(e[0].GetString()!);
        return e.AckAsync();
    }

    /// <summary><c>{room, seq, payload}</c>: <c>tick</c> with <c>{seq, payload}</c> to the room, then the ack.</summary>
    private async ValueTask BroadcastAsync(SocketIoEvent e)
    {
        var request = e[0];
        var room = request.GetProperty("room").GetString()!;
        await _io.To(room).EmitAsync("tick", new Tick(request.GetProperty("seq"), request.GetProperty("payload")));
        await e.AckAsync();
    }
}
