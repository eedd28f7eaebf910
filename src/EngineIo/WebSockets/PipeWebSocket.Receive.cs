using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;

namespace EngineIo.WebSockets;

internal sealed partial class PipeWebSocket
{
    /// <summary>Payload bytes of the current data frame not yet handed to the caller; 0 between frames.</summary>
    private long _frameRemaining;

    /// <summary>The current frame's masking key, rotated past the bytes already unmasked.</summary>
    private int _frameMask;

    private bool _frameFin;

    /// <summary>Text or Binary while a message is being received (across its fragments); Continuation between messages.</summary>
    private WebSocketOpcode _messageOpcode;

    /// <summary>Bytes announced so far by the current message's frames, for the size limit.</summary>
    private long _messageLength;

    private Utf8StreamValidator _utf8;

    public override async Task<WebSocketReceiveResult> ReceiveAsync(ArraySegment<byte> buffer, CancellationToken cancellationToken)
    {
        var result = await ReceiveAsync(buffer.AsMemory(), cancellationToken);
        return result.MessageType == WebSocketMessageType.Close
            ? new WebSocketReceiveResult(0, WebSocketMessageType.Close, true, CloseStatus, _closeStatusDescription)
            : new WebSocketReceiveResult(result.Count, result.MessageType, result.EndOfMessage);
    }

    /// <summary>
    /// Receives the next piece of the current message. An empty <paramref name="buffer"/> waits for the next data frame
    /// holding no buffer and returns its type with a count of 0, consuming none of its payload (EndOfMessage is true only
    /// for a frame that ends its message with nothing left to read). Control frames are handled on the way: a ping is
    /// answered, a pong ignored, a close answered and returned.
    /// </summary>
    public override ValueTask<ValueWebSocketReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken) =>
        ReceiveAsync(buffer, default, hasInput: false, cancellationToken);

    /// <summary>
    /// Waits until the client's next bytes arrive, holding no async frame: only the pipe's own pending read, which
    /// allocates nothing. An idle connection spends its life here, so this is what makes its wait cheap; the receive
    /// that follows (<see cref="ReceiveAsync(Memory{byte}, ReadResult, CancellationToken)"/>, given this read) finds its
    /// frame header already there, and usually completes without waiting. Only between messages: a read in hand must
    /// go to that receive, as the pipe allows one read at a time.
    /// </summary>
    public ValueTask<ReadResult> WaitForInputAsync()
    {
        if (Volatile.Read(ref _state) is not (StateOpen or StateCloseSent))
        {
            return ValueTask.FromException<ReadResult>(new WebSocketException(WebSocketError.InvalidState, $"A WebSocket in state {State} cannot receive."));
        }

        if (_frameRemaining > 0)
        {
            throw new InvalidOperationException("A message is being received: its payload is read with ReceiveAsync.");
        }

        return Input.ReadAsync();
    }

    /// <summary>Receives as <see cref="ReceiveAsync(Memory{byte}, CancellationToken)"/> does, starting from the read <see cref="WaitForInputAsync"/> returned.</summary>
    public ValueTask<ValueWebSocketReceiveResult> ReceiveAsync(Memory<byte> buffer, ReadResult input, CancellationToken cancellationToken) =>
        ReceiveAsync(buffer, input, hasInput: true, cancellationToken);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ValueWebSocketReceiveResult> ReceiveAsync(Memory<byte> buffer, ReadResult pending, bool hasInput, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _state) is not (StateOpen or StateCloseSent))
        {
            if (hasInput)
            {
                Input.AdvanceTo(pending.Buffer.Start, pending.Buffer.End);
            }

            throw new WebSocketException(WebSocketError.InvalidState, $"A WebSocket in state {State} cannot receive.");
        }

        try
        {
            while (true)
            {
                if (_frameRemaining > 0 && buffer.IsEmpty)
                {
                    return new ValueWebSocketReceiveResult(0, CurrentMessageType, endOfMessage: false);
                }

                ReadResult result;
                if (hasInput)
                {
                    result = pending;
                    hasInput = false;
                }
                else
                {
                    result = await Input.ReadAsync(cancellationToken);
                }

                var input = result.Buffer;
                if (result.IsCanceled)
                {
                    Input.AdvanceTo(input.Start, input.End);
                    throw new WebSocketException(WebSocketError.InvalidState, "The WebSocket was aborted.");
                }

                if (_frameRemaining > 0)
                {
                    if (input.IsEmpty)
                    {
                        Input.AdvanceTo(input.Start, input.End);
                        ThrowIfEnded(result);
                        continue;
                    }

                    var count = ReadPayload(input, buffer.Span, out var validUtf8);
                    if (!validUtf8)
                    {
                        throw await FailAsync(WebSocketCloseStatus.InvalidPayloadData, "Invalid UTF-8 in a text message.");
                    }

                    return _frameRemaining == 0 && _frameFin
                        ? await EndMessageAsync(count)
                        : new ValueWebSocketReceiveResult(count, CurrentMessageType, endOfMessage: false);
                }

                var status = WebSocketFrameHeader.TryRead(input, out var header, out var violation);
                if (status == OperationStatus.InvalidData)
                {
                    Input.AdvanceTo(input.Start, input.End);
                    throw await FailAsync(WebSocketCloseStatus.ProtocolError, violation!);
                }

                if (status == OperationStatus.NeedMoreData || (header.IsControl && input.Length < header.Length + header.PayloadLength))
                {
                    Input.AdvanceTo(input.Start, input.End);
                    ThrowIfEnded(result);
                    continue;
                }

                if (header.IsControl)
                {
                    if (await HandleControlFrameAsync(header, input))
                    {
                        return new ValueWebSocketReceiveResult(0, WebSocketMessageType.Close, endOfMessage: true);
                    }

                    continue;
                }

                var refusal = BeginDataFrame(header, out violation);
                if (refusal is { } closeStatus)
                {
                    Input.AdvanceTo(input.Start, input.End);
                    throw await FailAsync(closeStatus, violation!);
                }

                // Only the header is consumed: the payload stays in the pipe until a caller asks for it.
                Input.AdvanceTo(input.GetPosition(header.Length));
                if (_frameRemaining == 0 && _frameFin)
                {
                    return await EndMessageAsync(0);
                }
            }
        }
        catch (Exception ex) when (ex is not WebSocketException)
        {
            // As ManagedWebSocket does, a cancelled receive aborts the socket: the frame it was reading is lost.
            Abort();
            if (ex is OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            throw new WebSocketException(WebSocketError.ConnectionClosedPrematurely, ex);
        }
    }

    private WebSocketMessageType CurrentMessageType =>
        _messageOpcode == WebSocketOpcode.Text ? WebSocketMessageType.Text : WebSocketMessageType.Binary;

    /// <summary>The client closed the connection (or it failed) without a close frame.</summary>
    private void ThrowIfEnded(ReadResult result)
    {
        if (result.IsCompleted)
        {
            TryEnterFinalState(StateAborted);
            throw new WebSocketException(WebSocketError.ConnectionClosedPrematurely, "The client closed the connection without completing the close handshake.");
        }
    }

    /// <summary>
    /// Checks that a data frame may come now (continuation only inside a message, text or binary only outside one) and
    /// fits the size limit, then makes it the current frame. Returns the close status for a frame that may not.
    /// </summary>
    private WebSocketCloseStatus? BeginDataFrame(in WebSocketFrameHeader header, out string? violation)
    {
        var continuation = header.Opcode == WebSocketOpcode.Continuation;
        var inMessage = _messageOpcode != WebSocketOpcode.Continuation;
        if (continuation != inMessage)
        {
            violation = continuation ? "A continuation frame without a message to continue." : "A new data frame inside a fragmented message.";
            return WebSocketCloseStatus.ProtocolError;
        }

        var soFar = continuation ? _messageLength : 0;
        if (header.PayloadLength > _maxMessageSize - soFar)
        {
            violation = $"A message of more than {_maxMessageSize} bytes.";
            return WebSocketCloseStatus.MessageTooBig;
        }

        if (!continuation)
        {
            _messageOpcode = header.Opcode;
            _utf8.Reset();
        }

        violation = null;
        _messageLength = soFar + header.PayloadLength;
        _frameRemaining = header.PayloadLength;
        _frameFin = header.Fin;
        _frameMask = header.Mask;
        return null;
    }

    /// <summary>Copies and unmasks as much of the current frame as is buffered and fits; validates text as it goes.</summary>
    private int ReadPayload(in ReadOnlySequence<byte> input, Span<byte> destination, out bool validUtf8)
    {
        var count = (int)Math.Min(Math.Min(input.Length, _frameRemaining), destination.Length);
        destination = destination[..count];
        input.Slice(0, count).CopyTo(destination);
        Input.AdvanceTo(input.GetPosition(count));
        _frameMask = WebSocketMask.Apply(destination, _frameMask);
        _frameRemaining -= count;
        validUtf8 = _messageOpcode != WebSocketOpcode.Text || _utf8.TryAppend(destination);
        return count;
    }

    /// <summary>The last byte of a message was read: a text message must not end inside a character.</summary>
    private async ValueTask<ValueWebSocketReceiveResult> EndMessageAsync(int count)
    {
        var type = CurrentMessageType;
        if (_messageOpcode == WebSocketOpcode.Text && !_utf8.IsComplete)
        {
            throw await FailAsync(WebSocketCloseStatus.InvalidPayloadData, "A text message ends inside a UTF-8 character.");
        }

        _messageOpcode = WebSocketOpcode.Continuation;
        return new ValueWebSocketReceiveResult(count, type, endOfMessage: true);
    }

    /// <summary>
    /// Handles a complete control frame at the start of <paramref name="input"/> and consumes it. Returns true for a
    /// close, which has been answered by then.
    /// </summary>
    private async ValueTask<bool> HandleControlFrameAsync(WebSocketFrameHeader header, ReadOnlySequence<byte> input)
    {
        var payload = input.Slice(header.Length, header.PayloadLength);
        switch (header.Opcode)
        {
            case WebSocketOpcode.Ping:
                try
                {
                    await SendPongAsync(payload, header.Mask);
                }
                finally
                {
                    // The pong was written from the pipe's own buffer, which is released only now.
                    Input.AdvanceTo(payload.End);
                }

                return false;
            case WebSocketOpcode.Pong:
                Input.AdvanceTo(payload.End);
                return false;
            default:
                var refusal = ReadClosePayload(payload, header.Mask, out var violation);
                Input.AdvanceTo(payload.End);
                if (refusal is { } closeStatus)
                {
                    throw await FailAsync(closeStatus, violation!);
                }

                await AnswerCloseAsync();
                return true;
        }
    }

    /// <summary>
    /// Reads the client's close code and reason into <see cref="CloseStatus"/> and <see cref="CloseStatusDescription"/>.
    /// Returns the status to fail with for a payload of one byte, a code that may not be sent, or a reason that is not
    /// UTF-8.
    /// </summary>
    private WebSocketCloseStatus? ReadClosePayload(in ReadOnlySequence<byte> maskedPayload, int mask, out string? violation)
    {
        violation = null;
        if (maskedPayload.IsEmpty)
        {
            _closeCode = (int)WebSocketCloseStatus.Empty;
            _closeStatusDescription = string.Empty;
            return null;
        }

        Span<byte> payload = stackalloc byte[WebSocketFrameHeader.MaxControlPayload];
        payload = payload[..(int)maskedPayload.Length];
        maskedPayload.CopyTo(payload);
        WebSocketMask.Apply(payload, mask);
        if (payload.Length == 1)
        {
            violation = "A close payload of one byte.";
            return WebSocketCloseStatus.ProtocolError;
        }

        int code = BinaryPrimitives.ReadUInt16BigEndian(payload);
        if (!IsValidCloseCode(code))
        {
            violation = $"Close code {code} may not be sent.";
            return WebSocketCloseStatus.ProtocolError;
        }

        var reason = payload[2..];
        if (!Utf8.IsValid(reason))
        {
            violation = "Invalid UTF-8 in a close reason.";
            return WebSocketCloseStatus.InvalidPayloadData;
        }

        _closeCode = code;
        _closeStatusDescription = reason.IsEmpty ? string.Empty : Encoding.UTF8.GetString(reason);
        return null;
    }

    /// <summary>Answers a ping, unless our close has gone out already.</summary>
    private async ValueTask SendPongAsync(ReadOnlySequence<byte> maskedPayload, int mask)
    {
        await _sendGate.EnterAsync();
        try
        {
            if (Volatile.Read(ref _state) != StateOpen)
            {
                return;
            }

            WritePong(maskedPayload, mask);
            await FlushOutputAsync(CancellationToken.None);
        }
        finally
        {
            _sendGate.Exit();
        }
    }

    /// <summary>
    /// The client closed: echo its code (a close without one is answered without one), unless our own close crossed
    /// it, and close the connection. A failure to send the answer changes nothing: the connection is over either way.
    /// </summary>
    private async ValueTask AnswerCloseAsync()
    {
        await _sendGate.EnterAsync();
        try
        {
            if (TryTransition(StateOpen, StateCloseReceived))
            {
                try
                {
                    WriteCloseFrame((WebSocketCloseStatus)_closeCode, null);
                    await Output.FlushAsync();
                }
                catch (Exception ex) when (ex is IOException or InvalidOperationException or OperationCanceledException)
                {
                }

                TryTransition(StateCloseReceived, StateClosed);
            }
            else
            {
                TryTransition(StateCloseSent, StateClosed);
            }

            if (Volatile.Read(ref _state) == StateClosed)
            {
                CloseConnection();
            }
        }
        finally
        {
            _sendGate.Exit();
        }
    }

    /// <summary>
    /// Fails the connection (RFC 6455 section 7.1.7): a close frame with <paramref name="status"/> if ours has not gone out,
    /// then the connection is closed. Returns the exception for the receive to throw.
    /// </summary>
    private async ValueTask<WebSocketException> FailAsync(WebSocketCloseStatus status, string violation)
    {
        await _sendGate.EnterAsync();
        try
        {
            if (Volatile.Read(ref _state) is StateOpen or StateCloseReceived)
            {
                try
                {
                    WriteCloseFrame(status, null);
                    await Output.FlushAsync();
                }
                catch (Exception ex) when (ex is IOException or InvalidOperationException or OperationCanceledException)
                {
                }
            }

            if (TryEnterFinalState(StateAborted))
            {
                CloseConnection();
            }
        }
        finally
        {
            _sendGate.Exit();
        }

        return new WebSocketException(WebSocketError.Faulted, $"The client broke the WebSocket protocol ({(int)status}): {violation}");
    }
}
