namespace SocketIo;

/// <summary>
/// Connection state recovery (the reference's <c>connectionStateRecovery</c>): a client whose connection dropped and
/// that comes back within <see cref="MaxDisconnectionDuration"/> keeps its socket id, rooms and
/// <see cref="SocketIoSocket.Data"/>, and receives the events it missed. Set <see cref="SocketIoOptions.ConnectionStateRecovery"/>
/// to turn it on; the namespace's adapter must support it (the in-memory adapter does).
/// </summary>
/// <remarks>
/// With recovery on, each event that can be replayed (an event without acknowledgement, not volatile, broadcast or
/// emitted to one socket) carries an offset as its last argument, which the client sends back when it reconnects;
/// socket.io-client 4.6 and later do this by themselves. Handlers of other clients see that extra string argument.
/// </remarks>
public sealed class SocketIoConnectionStateRecoveryOptions
{
    /// <summary>
    /// How long after a disconnection the socket can be recovered; the packets sent meanwhile are kept as long (and no
    /// longer than <see cref="MaxBufferedBytes"/> allows). Default 2 min, as in the reference.
    /// </summary>
    public TimeSpan MaxDisconnectionDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Whether a recovered socket skips the connection middleware (its id, rooms and data are those the middleware
    /// once let in). Default true, as in the reference.
    /// </summary>
    public bool SkipMiddlewares { get; set; } = true;

    /// <summary>
    /// The most bytes of packets the in-memory adapter keeps per namespace for recovery (their text, attachments and a
    /// fixed overhead per packet); beyond it the oldest go first, and a client whose offset went with them is not
    /// recovered. The reference bounds the window by time only. Default 16 MiB.
    /// </summary>
    public long MaxBufferedBytes { get; set; } = 16 * 1024 * 1024;

    internal void Validate()
    {
        if (MaxDisconnectionDuration <= TimeSpan.Zero || MaxBufferedBytes <= 0)
        {
            throw new InvalidOperationException(
                "SocketIoConnectionStateRecoveryOptions: MaxDisconnectionDuration and MaxBufferedBytes must be positive.");
        }
    }
}
