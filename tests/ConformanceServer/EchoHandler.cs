using EngineIo;

namespace ConformanceServer;

/// <summary>Sends every message back as it came: text as text, binary as binary.</summary>
internal sealed class EchoHandler : IEngineIoHandler
{
    public ValueTask OnOpenedAsync(EngineIoSocket socket) => default;

    public ValueTask OnMessageAsync(EngineIoSocket socket, EngineIoMessage message)
    {
        // The message borrows a pooled buffer: the echo needs its own copy.
        var copy = message.Data.ToArray();
        if (message.IsBinary)
        {
            socket.SendBinary(copy);
        }
        else
        {
            socket.Send(copy);
        }

        return default;
    }

    public void OnClosed(EngineIoSocket socket, EngineIoDisconnectReason reason)
    {
    }
}
