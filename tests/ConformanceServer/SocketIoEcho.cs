using SocketIo;

namespace ConformanceServer;

/// <summary>
/// The behaviour the socket.io-protocol suite expects of every namespace: the handshake's auth payload emitted as
/// <c>auth</c> right after connecting, <c>message</c> echoed as <c>message-back</c>, <c>message-with-ack</c>
/// acknowledged with its own arguments; binary arguments stay binary.
/// </summary>
internal static class SocketIoEcho
{
    /// <summary>
    /// The suite reads the CONNECT answer, and only then starts listening for <c>auth</c>; its WebSocket client (ws
    /// 8.5) delivers every frame of one TCP read at once, so an <c>auth</c> that arrives in the same read is lost to
    /// it. The reference server gets the gap from its event loop; here it is explicit.
    /// </summary>
    private static readonly TimeSpan _authDelay = TimeSpan.FromMilliseconds(5);

    public static async ValueTask OnConnectionAsync(SocketIoSocket socket)
    {
        socket.On("message", e => e.Socket.EmitAsync("message-back", CopyArguments(e)));
        socket.On("message-with-ack", e => e.AckAsync(CopyArguments(e)));
        await Task.Delay(_authDelay);
        await socket.EmitAsync("auth", socket.Handshake.Auth);
    }

    /// <summary>The arguments live only as long as the handler; the echo gets copies.</summary>
    private static object?[] CopyArguments(SocketIoEvent e)
    {
        var args = new object?[e.Count];
        for (var i = 0; i < args.Length; i++)
        {
            args[i] = e.IsBinary(i) ? e.GetBinary(i).ToArray() : e[i].Clone();
        }

        return args;
    }
}
