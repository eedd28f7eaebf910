using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Net.WebSockets;
using System.Text.Unicode;
using EngineIo.WebSockets;
using Microsoft.AspNetCore.Connections;

namespace ScriptService.Fuzz;

/// <summary>
/// What a client sends after the upgrade, received by <see cref="PipeWebSocket"/> over a pipe cut into small blocks, as
/// the Engine.IO transport receives it. The receive ends with a close or a <see cref="WebSocketException"/>, never
/// another exception and never a wait; every text message it hands out is valid UTF-8 and no message is over the limit;
/// what the server wrote back is a sequence of well-formed server frames. The same bytes also check the frame header
/// reader (one segment or many give the same answer) and <see cref="Utf8StreamValidator"/> against the runtime's UTF-8
/// validation, with the bytes cut into pieces.
/// </summary>
internal static class WebSocketFramesTarget
{
    public static void Run(byte[] input)
    {
        if (input.Length < 2)
        {
            return;
        }

        var config = input[0];
        var readSize = input[1] % 32 + 1;
        var stream = input.AsMemory(2);
        var blockSize = (config & 0x0F) + 1;
        var maxMessageSize = (config & 0x10) != 0 ? 64 : 1 << 20;
        var zeroByteFirst = (config & 0x20) != 0;
        var waitForInput = (config & 0x40) != 0;

        CheckHeaderReader(stream.Span, blockSize);
        CheckUtf8Validator(stream.Span, blockSize);
        Receive(stream.Span, blockSize, readSize, maxMessageSize, zeroByteFirst, waitForInput);
    }

    private static void Receive(ReadOnlySpan<byte> stream, int blockSize, int readSize, int maxMessageSize, bool zeroByteFirst, bool waitForInput)
    {
        var inbound = Pipes.Create(blockSize);
        var outbound = Pipes.Create(64);
        var connection = new DefaultConnectionContext("fuzz", new DuplexPipe(inbound.Reader, outbound.Writer), new DuplexPipe(outbound.Reader, inbound.Writer));
        Pipes.WriteAll(inbound.Writer, stream);
        using var socket = new PipeWebSocket(connection, maxMessageSize);
        var buffer = new byte[readSize];
        var message = new List<byte>();
        var closed = false;
        try
        {
            // Bounded: every receive consumes input or ends the socket, and the input is finite.
            for (var step = 0; step <= stream.Length + 2; step++)
            {
                if (message.Count == 0 && (zeroByteFirst || waitForInput))
                {
                    var peek = waitForInput
                        ? Pipes.Completed(socket.ReceiveAsync(Memory<byte>.Empty, Pipes.Completed(socket.WaitForInputAsync(), "WaitForInputAsync"), CancellationToken.None), "ReceiveAsync")
                        : Pipes.Completed(socket.ReceiveAsync(Memory<byte>.Empty, CancellationToken.None), "ReceiveAsync");
                    InvariantException.Check(peek.Count == 0, "a zero-byte receive returned data");
                    if (peek.MessageType == WebSocketMessageType.Close)
                    {
                        closed = true;
                        break;
                    }

                    if (peek.EndOfMessage)
                    {
                        CheckMessage(peek.MessageType, [], maxMessageSize);
                        continue;
                    }
                }

                var result = Pipes.Completed(socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None), "ReceiveAsync");
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    closed = true;
                    break;
                }

                message.AddRange(buffer.AsSpan(0, result.Count));
                InvariantException.Check(message.Count <= maxMessageSize, "a message over the size limit was handed out");
                if (result.EndOfMessage)
                {
                    CheckMessage(result.MessageType, message, maxMessageSize);
                    message.Clear();
                }
            }

            InvariantException.Check(closed, "the receive loop neither closed nor failed on finite input");
            InvariantException.Check(socket.State is WebSocketState.Closed or WebSocketState.CloseReceived, $"state {socket.State} after a close");
        }
        catch (WebSocketException)
        {
            // The documented outcome of anything the client gets wrong, a connection ended mid-frame included.
            InvariantException.Check(socket.State == WebSocketState.Aborted, $"state {socket.State} after a failed receive");
        }

        CheckServerOutput(outbound.Reader);
    }

    private static void CheckMessage(WebSocketMessageType type, List<byte> message, int maxMessageSize)
    {
        InvariantException.Check(message.Count <= maxMessageSize, "a message over the size limit was handed out");
        if (type == WebSocketMessageType.Text)
        {
            InvariantException.Check(Utf8.IsValid(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(message)), "a text message that is not UTF-8 was handed out");
        }
    }

    /// <summary>The server's frames: unmasked, final, pongs and at most one close (with a valid code), nothing after the close.</summary>
    private static void CheckServerOutput(PipeReader reader)
    {
        if (!reader.TryRead(out var result))
        {
            return;
        }

        var bytes = result.Buffer.ToArray();
        reader.AdvanceTo(result.Buffer.End);
        var position = 0;
        var closes = 0;
        while (position < bytes.Length)
        {
            InvariantException.Check(closes == 0, "the server wrote after its close frame");
            InvariantException.Check(bytes.Length - position >= 2, "a truncated server frame");
            var first = bytes[position];
            var second = bytes[position + 1];
            InvariantException.Check((first & 0xF0) == 0x80 && (second & 0x80) == 0, "a server frame that is not final, has RSV bits or is masked");
            var opcode = first & 0x0F;
            InvariantException.Check(opcode is 0x8 or 0xA, $"the receive side wrote opcode {opcode}");
            var length = second & 0x7F;
            InvariantException.Check(length <= 125, "a control frame over 125 bytes");
            position += 2;
            InvariantException.Check(bytes.Length - position >= length, "a truncated server frame payload");
            if (opcode == 0x8)
            {
                closes++;
                InvariantException.Check(length != 1, "a close payload of one byte");
                if (length >= 2)
                {
                    int code = BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(position));
                    InvariantException.Check(code is (>= 1000 and <= 1003) or (>= 1007 and <= 1014) or (>= 3000 and <= 4999), $"close code {code} sent");
                }
            }

            position += length;
        }
    }

    /// <summary>The header reader gives the same answer on one segment as on many.</summary>
    private static void CheckHeaderReader(ReadOnlySpan<byte> stream, int blockSize)
    {
        var head = stream[..Math.Min(stream.Length, WebSocketFrameHeader.MaxLength + 2)].ToArray();
        var single = WebSocketFrameHeader.TryRead(new ReadOnlySequence<byte>(head), out var a, out var violationA);
        var pipe = Pipes.Create(blockSize);
        Pipes.WriteAll(pipe.Writer, head);
        var read = Pipes.Completed(pipe.Reader.ReadAsync(), "ReadAsync");
        var multi = WebSocketFrameHeader.TryRead(read.Buffer, out var b, out var violationB);
        pipe.Reader.AdvanceTo(read.Buffer.End);
        InvariantException.Check(single == multi && violationA == violationB, "the header reader depends on segmentation");
        InvariantException.Check(
            a.Fin == b.Fin && a.Opcode == b.Opcode && a.PayloadLength == b.PayloadLength && a.Mask == b.Mask && a.Length == b.Length,
            "the header read depends on segmentation");
        InvariantException.Check((single == OperationStatus.InvalidData) == (violationA is not null), "a violation without InvalidData, or the reverse");
        if (single == OperationStatus.Done)
        {
            InvariantException.Check(a.Length is 6 or 8 or 14 && a.Length <= head.Length && a.PayloadLength >= 0, "an impossible header length");
            InvariantException.Check(!a.IsControl || (a.Fin && a.PayloadLength <= WebSocketFrameHeader.MaxControlPayload), "an invalid control frame header was accepted");
        }
    }

    /// <summary>Pieces of any size validate as the whole does.</summary>
    private static void CheckUtf8Validator(ReadOnlySpan<byte> stream, int pieceSize)
    {
        var validator = default(Utf8StreamValidator);
        var valid = true;
        for (var offset = 0; offset < stream.Length && valid; offset += pieceSize)
        {
            valid = validator.TryAppend(stream.Slice(offset, Math.Min(pieceSize, stream.Length - offset)));
        }

        var expected = Utf8.IsValid(stream);
        InvariantException.Check((valid && validator.IsComplete) == expected, $"Utf8StreamValidator says {valid && validator.IsComplete}, the runtime {expected}");
    }

    private sealed record DuplexPipe(PipeReader Input, PipeWriter Output) : IDuplexPipe;
}
