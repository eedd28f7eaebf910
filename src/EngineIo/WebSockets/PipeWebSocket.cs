using System.IO.Pipelines;
using System.Net.WebSockets;
using System.Text;
using EngineIo.Transports;
using Microsoft.AspNetCore.Connections;

namespace EngineIo.WebSockets;

/// <summary>
/// The server side of RFC 6455 straight on a Kestrel connection's pipe: client frames are unmasked, reassembled and
/// validated as they are read from <see cref="PipeReader"/>; server frames are written unmasked into
/// <see cref="PipeWriter"/>. Any rule the client breaks closes the connection with the matching close code (1002 protocol
/// error, 1007 invalid UTF-8, 1009 message too big) and surfaces as a <see cref="WebSocketException"/>.
/// </summary>
/// <remarks>
/// <para><b>Memory.</b> An idle connection costs this object (about 100 bytes: the three references to the connection
/// and its pipes, the receive state of one frame and one message, the close status, and a one-field
/// <see cref="SendGate"/>) plus the state machine of the receive that waits in <see cref="PipeReader.ReadAsync"/> on an
/// empty pipe. It holds no buffer (Kestrel's socket transport waits with a zero-byte read before renting one), no
/// timer, no <see cref="CancellationTokenSource"/> and no closure: Engine.IO has its own heartbeat, so there is no
/// keep-alive ping, and the transport bounds the close handshake with its own timer.</para>
/// <para><b>Concurrency</b>, as for <c>ManagedWebSocket</c>: one receive at a time and one send at a time, and the two may
/// run together; <see cref="Abort"/> from any thread, <see cref="Dispose"/> once they have returned. The receive side
/// writes too (the pong for a ping, the answer to a close, the close for a violation), through the same
/// <see cref="SendGate"/> as sends, so frames never interleave. The transport may write several messages before it
/// flushes (<see cref="SendMessageAsync"/>): they wait in the pipe, whole, and the next flush sends them, whoever makes
/// it, ahead of whatever that flush was for.</para>
/// <para><b>States</b>: <see cref="WebSocketState.Open"/>; <see cref="WebSocketState.CloseSent"/> after
/// <see cref="CloseOutputAsync"/>; <see cref="WebSocketState.CloseReceived"/> while the client's close is being
/// answered (the receive side answers it itself, echoing its code); <see cref="WebSocketState.Closed"/> once both closes
/// have crossed, when the connection is closed; <see cref="WebSocketState.Aborted"/> after a violation, a lost
/// connection or <see cref="Abort"/>. State changes are compare-exchanges, so an abort is never overwritten.</para>
/// <para>It is the dense path's <see cref="IWebSocketConnection"/>: the transport calls it through that interface, and
/// waits between messages on the pipe itself (<see cref="WaitForInputAsync"/>).</para>
/// </remarks>
internal sealed partial class PipeWebSocket : WebSocket, IWebSocketConnection
{
    private const int StateOpen = (int)WebSocketState.Open;
    private const int StateCloseSent = (int)WebSocketState.CloseSent;
    private const int StateCloseReceived = (int)WebSocketState.CloseReceived;
    private const int StateClosed = (int)WebSocketState.Closed;
    private const int StateAborted = (int)WebSocketState.Aborted;

    private readonly ConnectionContext _connection;

    /// <summary>The connection's pipes, read through it rather than kept in fields of each connection.</summary>
    private PipeReader Input => _connection.Transport.Input;

    private PipeWriter Output => _connection.Transport.Output;

    /// <summary>The largest message a client may send, in bytes; a larger one is refused with 1009 from its first frame header.</summary>
    private readonly int _maxMessageSize;

    private int _state = StateOpen;

    private SendGate _sendGate;

    /// <summary>The close code the client sent, or -1: a nullable status would take a word of every connection more.</summary>
    private int _closeCode = -1;
    private string? _closeStatusDescription;

    public PipeWebSocket(ConnectionContext connection, int maxMessageSize)
    {
        _connection = connection;
        _maxMessageSize = maxMessageSize;
    }

    public override WebSocketCloseStatus? CloseStatus => _closeCode < 0 ? null : (WebSocketCloseStatus)_closeCode;

    public override string? CloseStatusDescription => _closeStatusDescription;

    public override WebSocketState State => (WebSocketState)Volatile.Read(ref _state);

    /// <summary>Engine.IO clients ask for none, and the dense path takes no request that does.</summary>
    public override string? SubProtocol => null;

    /// <summary>Drops the connection at once; a pending receive or send ends with an exception.</summary>
    public override void Abort()
    {
        if (!TryEnterFinalState(StateAborted))
        {
            return;
        }

        Input.CancelPendingRead();
        Output.CancelPendingFlush();
        _connection.Abort(new ConnectionAbortedException("The WebSocket was aborted."));
    }

    /// <summary>
    /// Closes the connection, gracefully: what was written still goes out (a close frame just sent, say), then FIN. Call
    /// it once the last receive and send have returned; <see cref="Abort"/> is the way to cut them short.
    /// </summary>
    public override void Dispose()
    {
        if (TryEnterFinalState(StateClosed))
        {
            CloseConnection();
        }
    }

    public override async Task CloseAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken)
    {
        await CloseOutputAsync(closeStatus, statusDescription, cancellationToken);
        if (State != WebSocketState.CloseSent)
        {
            return;
        }

        // Wait for the client's close, discarding what it still sends before it.
        var scratch = new byte[256];
        while (State == WebSocketState.CloseSent)
        {
            var result = await ReceiveAsync(scratch.AsMemory(), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return;
            }
        }
    }

    public override async Task CloseOutputAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken)
    {
        ValidateCloseStatus(closeStatus, statusDescription);
        await _sendGate.EnterAsync();
        try
        {
            var state = Volatile.Read(ref _state);
            if (state is StateCloseSent or StateClosed)
            {
                return;
            }

            if (state == StateAborted)
            {
                throw new WebSocketException(WebSocketError.InvalidState, "The WebSocket was aborted.");
            }

            WriteCloseFrame(closeStatus, statusDescription);
            await FlushOutputAsync(cancellationToken);
            if (!TryTransition(StateOpen, StateCloseSent) && TryTransition(StateCloseReceived, StateClosed))
            {
                CloseConnection();
            }
        }
        catch (Exception ex) when (ex is not WebSocketException and not OperationCanceledException)
        {
            Abort();
            throw new WebSocketException(WebSocketError.ConnectionClosedPrematurely, ex);
        }
        finally
        {
            _sendGate.Exit();
        }
    }

    /// <summary>Moves from <paramref name="from"/> to <paramref name="to"/> if the state is still <paramref name="from"/>.</summary>
    private bool TryTransition(int from, int to) => Interlocked.CompareExchange(ref _state, to, from) == from;

    /// <summary>Enters Closed or Aborted unless the socket is in one already.</summary>
    private bool TryEnterFinalState(int state)
    {
        while (true)
        {
            var current = Volatile.Read(ref _state);
            if (current is StateClosed or StateAborted)
            {
                return false;
            }

            if (TryTransition(current, state))
            {
                return true;
            }
        }
    }

    /// <summary>
    /// The close handshake is over (or the client broke the protocol): the server closes the TCP connection first, as
    /// RFC 6455 section 7.1.1 asks. Completing the output lets Kestrel send what is written, then FIN.
    /// </summary>
    private void CloseConnection()
    {
        Output.Complete();
        Input.Complete();
    }

    private static void ValidateCloseStatus(WebSocketCloseStatus closeStatus, string? statusDescription)
    {
        if (closeStatus == WebSocketCloseStatus.Empty)
        {
            if (!string.IsNullOrEmpty(statusDescription))
            {
                throw new ArgumentException("A close without a status code carries no description.", nameof(statusDescription));
            }

            return;
        }

        if (!IsValidCloseCode((int)closeStatus))
        {
            throw new ArgumentException($"Close status {(int)closeStatus} cannot be sent on the wire.", nameof(closeStatus));
        }

        if (statusDescription is not null && Encoding.UTF8.GetByteCount(statusDescription) > WebSocketFrameHeader.MaxControlPayload - 2)
        {
            throw new ArgumentException("A close description is at most 123 UTF-8 bytes.", nameof(statusDescription));
        }
    }

    /// <summary>
    /// The codes a close frame may carry (RFC 6455 section 7.4 and the IANA registry): 1000-1003, 1007-1014 and the
    /// 3000-4999 ranges. 1004 is reserved; 1005, 1006 and 1015 only ever describe a close, never travel in one.
    /// </summary>
    private static bool IsValidCloseCode(int code) => code is (>= 1000 and <= 1003) or (>= 1007 and <= 1014) or (>= 3000 and <= 4999);
}
