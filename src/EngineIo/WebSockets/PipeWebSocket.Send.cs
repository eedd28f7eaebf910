using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Text;

namespace EngineIo.WebSockets;

internal sealed partial class PipeWebSocket
{
    /// <summary>Inside a message sent in several frames: the frames after the first are continuations.</summary>
    private bool _sendingFragments;

    public override Task SendAsync(ArraySegment<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken) =>
        SendAsync(buffer.AsMemory(), messageType, endOfMessage ? WebSocketMessageFlags.EndOfMessage : WebSocketMessageFlags.None, cancellationToken).AsTask();

    public override ValueTask SendAsync(ReadOnlyMemory<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken) =>
        SendAsync(buffer, messageType, endOfMessage ? WebSocketMessageFlags.EndOfMessage : WebSocketMessageFlags.None, cancellationToken);

    /// <summary>
    /// Writes the frame header and then the payload into the pipe's own memory, and flushes. When the gate is free and
    /// the flush completes at once (the usual case) nothing is allocated. <see cref="WebSocketMessageFlags.DisableCompression"/>
    /// means nothing here: no extension is ever negotiated.
    /// </summary>
    public override ValueTask SendAsync(ReadOnlyMemory<byte> buffer, WebSocketMessageType messageType, WebSocketMessageFlags messageFlags, CancellationToken cancellationToken)
    {
        var opcode = DataOpcode(messageType);
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(cancellationToken);
        }

        return SendFrameAsync(null, buffer, opcode, (messageFlags & WebSocketMessageFlags.EndOfMessage) != 0, flush: true, cancellationToken);
    }

    /// <summary>
    /// Writes a whole message as one frame, <paramref name="prefix"/> first, straight into the pipe's memory. Without
    /// <paramref name="flush"/> the frame stays in the pipe, and the gate is left at once: the next flush takes it along,
    /// whoever makes it (a pong's included), so frames written one after another leave in one send, in order.
    /// </summary>
    public ValueTask SendMessageAsync(byte? prefix, ReadOnlyMemory<byte> data, WebSocketMessageType messageType, WebSocketMessageFlags messageFlags, bool flush) =>
        SendFrameAsync(prefix, data, DataOpcode(messageType), endOfMessage: true, flush, CancellationToken.None);

    /// <summary>
    /// Flushes the frames <see cref="SendMessageAsync"/> left in the pipe. Once our close has gone out, or the client's
    /// has been answered, there is nothing left: that close's flush took them along, ahead of it.
    /// </summary>
    public ValueTask FlushAsync()
    {
        if (!_sendGate.TryEnter())
        {
            return FlushAfterGateAsync();
        }

        if (!MayFlush(out var refused))
        {
            _sendGate.Exit();
            return refused is null ? default : ValueTask.FromException(refused);
        }

        return FlushAndExit(CancellationToken.None);
    }

    private static WebSocketOpcode DataOpcode(WebSocketMessageType messageType) => messageType switch
    {
        WebSocketMessageType.Text => WebSocketOpcode.Text,
        WebSocketMessageType.Binary => WebSocketOpcode.Binary,
        _ => throw new ArgumentException("Only text and binary messages are sent with SendAsync; close with CloseOutputAsync.", nameof(messageType)),
    };

    private ValueTask SendFrameAsync(byte? prefix, ReadOnlyMemory<byte> payload, WebSocketOpcode opcode, bool endOfMessage, bool flush, CancellationToken cancellationToken)
    {
        if (!_sendGate.TryEnter())
        {
            return SendAfterGateAsync(prefix, payload, opcode, endOfMessage, flush, cancellationToken);
        }

        try
        {
            WriteDataFrame(prefix, payload.Span, opcode, endOfMessage);
        }
        catch (Exception ex)
        {
            _sendGate.Exit();
            return ValueTask.FromException(TranslateSendFailure(ex));
        }

        if (!flush)
        {
            _sendGate.Exit();
            return default;
        }

        return FlushAndExit(cancellationToken);
    }

    /// <summary>Flushes what the holder of the gate wrote, and leaves the gate once the flush has completed.</summary>
    private ValueTask FlushAndExit(CancellationToken cancellationToken)
    {
        ValueTask<FlushResult> flush;
        try
        {
            flush = Output.FlushAsync(cancellationToken);
        }
        catch (Exception ex)
        {
            _sendGate.Exit();
            return ValueTask.FromException(TranslateSendFailure(ex));
        }

        if (!flush.IsCompletedSuccessfully)
        {
            return CompleteFlushAsync(flush);
        }

        var failure = CheckFlush(flush.Result);
        _sendGate.Exit();
        return failure is null ? default : ValueTask.FromException(failure);
    }

    /// <summary>Whether frames written earlier are still for the holder of the gate to flush; if not, the failure to report, if any.</summary>
    private bool MayFlush(out WebSocketException? refused)
    {
        var state = Volatile.Read(ref _state);
        refused = state == StateAborted ? new WebSocketException(WebSocketError.InvalidState, "The WebSocket was aborted.") : null;
        return state is StateOpen or StateCloseReceived;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask SendAfterGateAsync(byte? prefix, ReadOnlyMemory<byte> buffer, WebSocketOpcode opcode, bool endOfMessage, bool flush, CancellationToken cancellationToken)
    {
        await _sendGate.EnterAsync();
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            WriteDataFrame(prefix, buffer.Span, opcode, endOfMessage);
            if (flush)
            {
                await FlushOutputAsync(cancellationToken);
            }
        }
        catch (Exception ex) when (ex is not WebSocketException and not OperationCanceledException)
        {
            throw TranslateSendFailure(ex);
        }
        finally
        {
            _sendGate.Exit();
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask FlushAfterGateAsync()
    {
        await _sendGate.EnterAsync();
        try
        {
            if (MayFlush(out var refused))
            {
                await FlushOutputAsync(CancellationToken.None);
            }
            else if (refused is not null)
            {
                throw refused;
            }
        }
        catch (Exception ex) when (ex is not WebSocketException and not OperationCanceledException)
        {
            throw TranslateSendFailure(ex);
        }
        finally
        {
            _sendGate.Exit();
        }
    }

    /// <summary>The rest of a send whose flush is waiting for the client to read; the gate is held until it completes.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask CompleteFlushAsync(ValueTask<FlushResult> flush)
    {
        try
        {
            FlushResult result;
            try
            {
                result = await flush;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                throw TranslateSendFailure(ex);
            }

            if (CheckFlush(result) is { } failure)
            {
                throw failure;
            }
        }
        finally
        {
            _sendGate.Exit();
        }
    }

    /// <summary>Flushes what the holder of the gate wrote; a connection that can no longer take it aborts the socket.</summary>
    private async ValueTask FlushOutputAsync(CancellationToken cancellationToken)
    {
        if (CheckFlush(await Output.FlushAsync(cancellationToken)) is { } failure)
        {
            throw failure;
        }
    }

    private WebSocketException? CheckFlush(FlushResult result)
    {
        if (!result.IsCanceled && !result.IsCompleted)
        {
            return null;
        }

        Abort();
        return new WebSocketException(WebSocketError.ConnectionClosedPrematurely, "The connection was closed while sending.");
    }

    private WebSocketException TranslateSendFailure(Exception ex)
    {
        if (ex is WebSocketException webSocketException)
        {
            return webSocketException;
        }

        Abort();
        return new WebSocketException(WebSocketError.ConnectionClosedPrematurely, ex);
    }

    /// <summary>Writes a data frame; the gate is held. Throws if the state no longer allows data to be sent.</summary>
    private void WriteDataFrame(byte? prefix, ReadOnlySpan<byte> payload, WebSocketOpcode opcode, bool endOfMessage)
    {
        if (Volatile.Read(ref _state) is not (StateOpen or StateCloseReceived))
        {
            throw new WebSocketException(WebSocketError.InvalidState, $"A WebSocket in state {State} cannot send.");
        }

        WriteFrameHeader(_sendingFragments ? WebSocketOpcode.Continuation : opcode, endOfMessage, payload.Length + (prefix is null ? 0 : 1));
        if (prefix is { } first)
        {
            Output.GetSpan(1)[0] = first;
            Output.Advance(1);
        }

        Output.Write(payload);
        _sendingFragments = !endOfMessage;
    }

    /// <summary>Writes a pong carrying the ping's payload, unmasked on the way into the pipe; the gate is held.</summary>
    private void WritePong(in ReadOnlySequence<byte> maskedPayload, int mask)
    {
        var length = (int)maskedPayload.Length;
        WriteFrameHeader(WebSocketOpcode.Pong, endOfMessage: true, length);
        var destination = Output.GetSpan(length)[..length];
        maskedPayload.CopyTo(destination);
        WebSocketMask.Apply(destination, mask);
        Output.Advance(length);
    }

    /// <summary>Writes a close frame: no payload for <see cref="WebSocketCloseStatus.Empty"/>, else the code and the reason.</summary>
    private void WriteCloseFrame(WebSocketCloseStatus status, string? description)
    {
        if (status == WebSocketCloseStatus.Empty)
        {
            WriteFrameHeader(WebSocketOpcode.Close, endOfMessage: true, 0);
            return;
        }

        var reasonLength = description is null ? 0 : Encoding.UTF8.GetByteCount(description);
        var length = 2 + reasonLength;
        WriteFrameHeader(WebSocketOpcode.Close, endOfMessage: true, length);
        var payload = Output.GetSpan(length);
        BinaryPrimitives.WriteUInt16BigEndian(payload, (ushort)status);
        if (reasonLength > 0)
        {
            Encoding.UTF8.GetBytes(description, payload[2..]);
        }

        Output.Advance(length);
    }

    /// <summary>A server frame header: never masked, the length in the fewest bytes that hold it.</summary>
    private void WriteFrameHeader(WebSocketOpcode opcode, bool endOfMessage, int payloadLength)
    {
        Debug.Assert(_sendGate.IsHeld, "Frames are written only through the send gate, so they never interleave.");
        var header = Output.GetSpan(10);
        header[0] = (byte)((endOfMessage ? 0x80 : 0) | (int)opcode);
        int length;
        if (payloadLength < 126)
        {
            header[1] = (byte)payloadLength;
            length = 2;
        }
        else if (payloadLength <= ushort.MaxValue)
        {
            header[1] = 126;
            BinaryPrimitives.WriteUInt16BigEndian(header[2..], (ushort)payloadLength);
            length = 4;
        }
        else
        {
            header[1] = 127;
            BinaryPrimitives.WriteUInt64BigEndian(header[2..], (ulong)payloadLength);
            length = 10;
        }

        Output.Advance(length);
    }
}
