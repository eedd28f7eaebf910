namespace EngineIo;

/// <summary>
/// The layer above Engine.IO (Socket.IO, or an application) receives each session's life through this seam.
/// </summary>
/// <remarks>
/// For one session the calls never overlap and arrive in order: <see cref="OnOpenedAsync"/>, then each message,
/// then <see cref="OnClosed"/> exactly once. Different sessions are called concurrently. An exception thrown by a
/// handler closes that session with <see cref="EngineIoDisconnectReason.TransportError"/>.
/// </remarks>
public interface IEngineIoHandler
{
    /// <summary>The handshake completed; the open packet is already queued, so the socket can send at once.</summary>
    ValueTask OnOpenedAsync(EngineIoSocket socket);

    /// <summary>A message arrived. The next message is not delivered until the returned task completes.</summary>
    ValueTask OnMessageAsync(EngineIoSocket socket, EngineIoMessage message);

    /// <summary>The session closed; nothing more will be delivered and sends are dropped.</summary>
    void OnClosed(EngineIoSocket socket, EngineIoDisconnectReason reason);
}
