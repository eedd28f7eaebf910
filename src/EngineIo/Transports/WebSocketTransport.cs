using System.Buffers;
using System.IO.Pipelines;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using EngineIo.Internal;
using EngineIo.Protocol;

namespace EngineIo.Transports;

/// <summary>
/// Carries a session over any <see cref="IWebSocketConnection"/>: one frame per packet, a receive loop and sends on
/// demand. It does not know which WebSocket is underneath: the dense path (framing on Kestrel's connection pipe) and the
/// standard one each hand their own connection to <see cref="RunAsync"/>.
/// </summary>
/// <remarks>
/// An idle connection holds no receive buffer: the receive loop waits with a zero-byte read and rents a buffer only
/// once a frame arrives. Nothing waits to send: a send starts when the session queues a packet (see
/// <see cref="Wake"/>). Only those sends write, except during the upgrade probe, before the first.
/// </remarks>
internal sealed partial class WebSocketTransport
{
    private const int InitialReceiveBufferSize = 4096;

    /// <summary>
    /// How long the connection may take, once the session has closed, to finish closing (our close frame sent and
    /// answered) before it is dropped.
    /// </summary>
    private static readonly TimeSpan _closeTimeout = TimeSpan.FromSeconds(5);

    private static readonly byte[] _probePong = [(byte)EnginePacketType.Pong, .. "probe"u8];

    private readonly EngineIoSession _session;
    private readonly IWebSocketConnection _socket;

    /// <summary>Read through the session rather than kept in a field of each connection.</summary>
    private EngineIoOptions Options => _session.Server.Options;

    /// <summary>
    /// How binary messages travel in protocol v3: as binary frames that start with the message type's byte, or, for a
    /// client that asked for base64 (<c>b64</c>), as text frames <c>b4</c> and base64. Null in protocol v4, whose binary
    /// frames carry the bare bytes.
    /// </summary>
    private readonly bool? _v3Base64;

    /// <summary>Drops the connection if it has not closed in time; set once, by whichever close comes first.</summary>
    private ITimer? _closeTimer;

    /// <summary>The upgrade did not complete in time: whatever the probe receives now, it has failed.</summary>
    private volatile bool _upgradeTimedOut;

    private WebSocketTransport(EngineIoSession session, IWebSocketConnection socket, bool base64)
    {
        _session = session;
        _socket = socket;
        _v3Base64 = session.ProtocolInfo.IsV3 ? base64 : null;
    }

    /// <summary>
    /// A session that opened directly on a WebSocket: open packet, handler, then the loops. The transport owns the
    /// socket from here and disposes of it at the end. <c>base64</c> matters in protocol v3 only: the client asked for
    /// binary as base64 text.
    /// </summary>
    public static Task RunAsync(EngineIoSession session, IWebSocketConnection socket, ReadOnlyMemory<byte> openPacketData, bool base64)
    {
        var transport = new WebSocketTransport(session, socket, base64);
        return transport.ServeAsync(transport.OpenAsync(openPacketData));
    }

    /// <summary>
    /// A WebSocket that wants to take over a polling session: the probe, the switch, then the loops. The transport
    /// owns the socket from here and disposes of it at the end. <c>base64</c> as for <see cref="RunAsync"/>.
    /// </summary>
    public static Task RunUpgradeAsync(EngineIoSession session, IWebSocketConnection socket, bool base64)
    {
        var transport = new WebSocketTransport(session, socket, base64);
        return transport.ServeAsync(transport.UpgradeAsync());
    }

    /// <remarks>
    /// The receive loop runs in this frame, and the public entry points are not async themselves: an idle connection
    /// keeps every pending async frame alive, so each one counts in memory per connection. On the dense path this
    /// frame waits on the pipe itself (<see cref="IWebSocketConnection.WaitForInputAsync"/>), so it is the only one.
    /// </remarks>
    /// <param name="starting">The open or the upgrade; false when the session is over before it could carry it.</param>
    private async Task ServeAsync(ValueTask<bool> starting)
    {
        try
        {
            if (!await starting)
            {
                return;
            }

            try
            {
                while (true)
                {
                    // Wait for the next frame holding no buffer (one is rented only once data has arrived), and on the
                    // dense path no frame of the socket's either.
                    if (!await ReceiveAndDispatchAsync(await _socket.WaitForInputAsync()))
                    {
                        break;
                    }
                }
            }
            catch (Exception ex) when (IsConnectionFailure(ex))
            {
                _session.Abort(ex is WebSocketException { WebSocketErrorCode: WebSocketError.ConnectionClosedPrematurely }
                    ? EngineIoDisconnectReason.TransportClose
                    : EngineIoDisconnectReason.TransportError);
            }

            await StopWritingAsync();
        }
        finally
        {
            _writerDone = true;
            Volatile.Read(ref _closeTimer)?.Dispose();
            _socket.Dispose();
        }
    }

    /// <summary>
    /// Reads the message whose first bytes <paramref name="input"/> holds and hands it to the session; false once the
    /// loop must end. Apart from <see cref="ServeAsync"/>, so that its frame, which an idle connection keeps, holds none
    /// of this state, not even the awaiter of the frame header's receive.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> ReceiveAndDispatchAsync(ReadResult input)
    {
        var peek = await _socket.ReceiveAsync(Memory<byte>.Empty, input, CancellationToken.None);
        var message = await ReadMessageAsync(peek, CancellationToken.None);
        if (message.Buffer is null)
        {
            // The reference's reason for a client that closes its WebSocket, however it does it.
            _session.Abort(message.TooLarge ? EngineIoDisconnectReason.TransportError : EngineIoDisconnectReason.TransportClose);
            return false;
        }

        try
        {
            return await DispatchAndSendAsync(message.Type, message.Buffer.AsMemory(0, message.Length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(message.Buffer);
        }
    }

    /// <summary>Sends the open packet, runs the handler, then writes the session's queue; false if the client is gone.</summary>
    private async ValueTask<bool> OpenAsync(ReadOnlyMemory<byte> openPacketData)
    {
        _session.StartHeartbeat();
        try
        {
            var open = new OutboundPacket(EnginePacketType.Open, openPacketData, isBinary: false);
            await SendFrameAsync(open, flush: true);
            _session.Server.Metrics.PacketsSent(1, open.WebSocketLength);
        }
        catch (Exception ex) when (IsConnectionFailure(ex))
        {
            _session.Abort(EngineIoDisconnectReason.TransportClose);
            return false;
        }

        await _session.OpenAsync();
        _session.AttachWriter(this);
        return true;
    }

    /// <summary>
    /// Probes and switches the session over, then writes its queue once the last polling GET has left; false if the
    /// upgrade did not happen.
    /// </summary>
    private async ValueTask<bool> UpgradeAsync()
    {
        if (!_session.TryBeginUpgrade(_socket))
        {
            // Upgraded already, or another upgrade is under way: the reference accepts and closes at once.
            await CloseAsync(WebSocketCloseStatus.NormalClosure);
            return false;
        }

        var pollReleased = await ProbeAsync();
        if (pollReleased is null)
        {
            _session.CancelUpgrade(_socket);
            await CloseAsync(WebSocketCloseStatus.NormalClosure);
            return false;
        }

        // The GET leaves as soon as the upgrade wakes it; what the client sends meanwhile waits in the socket.
        await pollReleased;
        _session.AttachWriter(this);
        return true;
    }

    /// <summary>
    /// Answers <c>2probe</c> and waits for <c>5</c> within the upgrade timeout. Returns the task that completes when the
    /// polling writer has left, or null if the upgrade failed.
    /// </summary>
    private async Task<Task?> ProbeAsync()
    {
        // The timeout closes the probe with a close frame, as the reference does; cancelling the receive instead
        // would abort the socket and reset the connection.
        using var timeout = _session.Server.TimeProvider.CreateTimer(
            static state => ((WebSocketTransport)state!).OnUpgradeTimeout(), this, Options.UpgradeTimeout, Timeout.InfiniteTimeSpan);
        try
        {
            while (true)
            {
                var message = await ReceiveMessageAsync(CancellationToken.None);
                if (message.Buffer is null || _upgradeTimedOut)
                {
                    if (message.Buffer is not null)
                    {
                        ArrayPool<byte>.Shared.Return(message.Buffer);
                    }

                    return null;
                }

                var text = message.Buffer.AsMemory(0, message.Length);
                var isProbe = message.Type == WebSocketMessageType.Text && text.Span.SequenceEqual("2probe"u8);
                var isUpgrade = message.Type == WebSocketMessageType.Text && text.Span.SequenceEqual("5"u8);
                ArrayPool<byte>.Shared.Return(message.Buffer);
                if (isProbe)
                {
                    await _socket.SendAsync(_probePong, WebSocketMessageType.Text, WebSocketMessageFlags.EndOfMessage, CancellationToken.None);
                    _session.OnUpgradeProbed(_socket);
                }
                else if (isUpgrade)
                {
                    return _session.CompleteUpgrade();
                }
                else
                {
                    return null;
                }
            }
        }
        catch (Exception ex) when (IsConnectionFailure(ex))
        {
            return null;
        }
    }

    private void OnUpgradeTimeout()
    {
        _upgradeTimedOut = true;
        Log.UpgradeTimedOut(_session.Server.Logger, _session.Id);
        _session.CancelUpgrade(_socket);
        _ = CloseAsync(WebSocketCloseStatus.NormalClosure);
    }

    private ValueTask<bool> DispatchAsync(WebSocketMessageType type, Memory<byte> data)
    {
        if (_v3Base64 is not null)
        {
            return DispatchV3Async(type, data);
        }

        if (type == WebSocketMessageType.Binary)
        {
            return _session.ReceiveAsync(EnginePacket.BinaryMessage(data));
        }

        return DispatchTextAsync(data);
    }

    /// <summary>
    /// Protocol v3: a binary frame starts with the packet type's byte, and a text frame may be <c>b4</c> and the base64
    /// of a binary message (decoded in place, in the receive buffer).
    /// </summary>
    private ValueTask<bool> DispatchV3Async(WebSocketMessageType type, Memory<byte> data)
    {
        var span = data.Span;
        if (type == WebSocketMessageType.Binary)
        {
            if (span.IsEmpty || span[0] != EngineProtocolV3.BinaryMessageType)
            {
                _session.OnParseError();
                return new ValueTask<bool>(false);
            }

            return _session.ReceiveAsync(EnginePacket.BinaryMessage(data[1..]));
        }

        if (span.IsEmpty || span[0] != EngineProtocolV3.Base64Marker)
        {
            return DispatchTextAsync(data);
        }

        if (span.Length < 2 || span[1] != (byte)EnginePacketType.Message
            || System.Buffers.Text.Base64.DecodeFromUtf8InPlace(span[2..], out var written) != OperationStatus.Done)
        {
            _session.OnParseError();
            return new ValueTask<bool>(false);
        }

        return _session.ReceiveAsync(EnginePacket.BinaryMessage(data.Slice(2, written)));
    }

    private ValueTask<bool> DispatchTextAsync(ReadOnlyMemory<byte> data)
    {
        if (!EnginePacketReader.TryRead(data, out var packet))
        {
            _session.OnParseError();
            return new ValueTask<bool>(false);
        }

        // A close packet means something only on polling; over a WebSocket the client closes the socket itself.
        return packet.Type == EnginePacketType.Close ? new ValueTask<bool>(true) : _session.ReceiveAsync(packet);
    }

    /// <summary>
    /// Waits for a frame without holding a buffer, then reads one whole message into a rented buffer. Returns no
    /// buffer when the client closed, or when the message exceeded the payload limit (the socket is then closed
    /// with 1009).
    /// </summary>
    private async ValueTask<ReceivedMessage> ReceiveMessageAsync(CancellationToken cancellationToken)
    {
        var peek = await _socket.ReceiveAsync(Memory<byte>.Empty, cancellationToken);
        return await ReadMessageAsync(peek, cancellationToken);
    }

    /// <summary>Reads the rest of the message whose first frame <paramref name="peek"/> announced.</summary>
    private async ValueTask<ReceivedMessage> ReadMessageAsync(ValueWebSocketReceiveResult peek, CancellationToken cancellationToken)
    {
        if (peek.MessageType == WebSocketMessageType.Close)
        {
            await CloseAsync(EchoedCloseStatus());
            return default;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(InitialReceiveBufferSize);
        var length = 0;
        var type = peek.MessageType;
        var endOfMessage = peek.EndOfMessage;
        try
        {
            while (!endOfMessage)
            {
                if (length == buffer.Length)
                {
                    if (length >= Options.MaxPayload)
                    {
                        Log.PayloadTooLarge(_session.Server.Logger, _session.Id, Options.MaxPayload);
                        ArrayPool<byte>.Shared.Return(buffer);
                        await CloseAsync(WebSocketCloseStatus.MessageTooBig);
                        return new ReceivedMessage(null, 0, type, TooLarge: true);
                    }

                    var grown = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, Options.MaxPayload + 1));
                    buffer.AsSpan(0, length).CopyTo(grown);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = grown;
                }

                // Never read past the limit plus one byte: that one byte is enough to know the message is too large.
                var room = Math.Min(buffer.Length, Options.MaxPayload + 1) - length;
                var result = await _socket.ReceiveAsync(buffer.AsMemory(length, room), cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    await CloseAsync(EchoedCloseStatus());
                    return default;
                }

                length += result.Count;
                endOfMessage = result.EndOfMessage;
                if (length > Options.MaxPayload)
                {
                    Log.PayloadTooLarge(_session.Server.Logger, _session.Id, Options.MaxPayload);
                    ArrayPool<byte>.Shared.Return(buffer);
                    await CloseAsync(WebSocketCloseStatus.MessageTooBig);
                    return new ReceivedMessage(null, 0, type, TooLarge: true);
                }
            }

            return new ReceivedMessage(buffer, length, type, TooLarge: false);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    /// <summary>
    /// Sends one packet as one frame. Without <paramref name="flush"/> the dense path leaves the frame in the connection's
    /// pipe for the flush of a later one (see <see cref="IWebSocketConnection.SendMessageAsync"/>).
    /// </summary>
    private ValueTask SendFrameAsync(in OutboundPacket packet, bool flush)
    {
        var flags = WebSocketMessageFlags.EndOfMessage;
        if (Options.PerMessageDeflate && (packet.DisableCompression || packet.WebSocketLength < Options.PerMessageDeflateThreshold))
        {
            flags |= WebSocketMessageFlags.DisableCompression;
        }

        if (!packet.IsBinary)
        {
            // The type digit leads the data in the frame.
            return _socket.SendMessageAsync((byte)packet.Type, packet.Data, WebSocketMessageType.Text, flags, flush);
        }

        return _v3Base64 switch
        {
            null => _socket.SendMessageAsync(null, packet.Data, WebSocketMessageType.Binary, flags, flush),
            false => _socket.SendMessageAsync(EngineProtocolV3.BinaryMessageType, packet.Data, WebSocketMessageType.Binary, flags, flush),
            true => SendV3Base64Async(packet.Data, flags, flush),
        };
    }

    /// <summary>Protocol v3, for a client that asked for base64: a binary message goes out as a text frame <c>b4</c> and base64.</summary>
    private async ValueTask SendV3Base64Async(ReadOnlyMemory<byte> data, WebSocketMessageFlags flags, bool flush)
    {
        var length = 2 + System.Buffers.Text.Base64.GetMaxEncodedToUtf8Length(data.Length);
        var frame = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            frame[0] = EngineProtocolV3.Base64Marker;
            frame[1] = (byte)EnginePacketType.Message;
            System.Buffers.Text.Base64.EncodeToUtf8(data.Span, frame.AsSpan(2), out _, out _);
            await _socket.SendMessageAsync(null, frame.AsMemory(0, length), WebSocketMessageType.Text, flags, flush);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(frame);
        }
    }

    /// <summary>
    /// The status to answer a client's close frame with: its own, unless it is one of the codes that must never be
    /// sent (1005 "no status", 1006, 1015), which .NET would otherwise put on the wire.
    /// </summary>
    private WebSocketCloseStatus EchoedCloseStatus() => _socket.CloseStatus switch
    {
        null or WebSocketCloseStatus.Empty or (WebSocketCloseStatus)1006 or (WebSocketCloseStatus)1015 => WebSocketCloseStatus.NormalClosure,
        var status => status.Value,
    };

    /// <summary>Sends our close frame if the socket can still send; errors mean the peer is gone already.</summary>
    private async Task CloseAsync(WebSocketCloseStatus status)
    {
        if (_socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }

        try
        {
            await _socket.CloseOutputAsync(status, null, CancellationToken.None);
            if (_socket.State == WebSocketState.CloseSent)
            {
                ArmCloseDeadline();
            }
        }
        catch (Exception ex) when (IsConnectionFailure(ex))
        {
            _socket.Abort();
        }
    }

    /// <summary>
    /// The session has closed. The writer sends our close frame once the send in progress is done, but a client that
    /// does not read never lets that send complete: the connection, and what the send holds, would stay for as long as
    /// the client keeps it open. So the close timeout starts now.
    /// </summary>
    public void OnSessionClosed()
    {
        if (!_writerDone)
        {
            ArmCloseDeadline();
        }
    }

    /// <summary>Starts the close timeout unless it runs already; from any thread.</summary>
    private void ArmCloseDeadline()
    {
        if (Volatile.Read(ref _closeTimer) is not null)
        {
            return;
        }

        var timer = _session.Server.TimeProvider.CreateTimer(static state => ((IWebSocketConnection)state!).Abort(), _socket, _closeTimeout, Timeout.InfiniteTimeSpan);
        if (Interlocked.CompareExchange(ref _closeTimer, timer, null) is not null)
        {
            timer.Dispose();
        }
    }

    private static bool IsConnectionFailure(Exception ex) =>
        ex is WebSocketException or IOException or OperationCanceledException or ObjectDisposedException or InvalidOperationException;

    private readonly record struct ReceivedMessage(byte[]? Buffer, int Length, WebSocketMessageType Type, bool TooLarge);
}
