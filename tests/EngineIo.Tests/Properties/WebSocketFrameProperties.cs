using System.Buffers;
using System.Buffers.Binary;
using System.Net.WebSockets;
using System.Runtime.InteropServices;
using System.Text.Unicode;
using CsCheck;
using EngineIo.Tests.WebSockets;
using EngineIo.WebSockets;

namespace EngineIo.Tests.Properties;

/// <summary>
/// RFC 6455 frames as <see cref="PipeWebSocket"/> reads them, over generated frames and arbitrary bytes: a header reads
/// the same in any segmentation and not before its last byte; generated conversations (fragments, pings between them,
/// a close) come out as sent whatever the reads and the cut in the input; arbitrary bytes end in a close or a
/// <see cref="WebSocketException"/> and nothing else; what the server sends is framed as sent; the UTF-8 validator
/// agrees with the runtime's on any cut.
/// </summary>
public sealed class WebSocketFrameProperties
{
    private static readonly WebSocketOpcode[] _dataOpcodes = [WebSocketOpcode.Continuation, WebSocketOpcode.Text, WebSocketOpcode.Binary];
    private static readonly WebSocketOpcode[] _controlOpcodes = [WebSocketOpcode.Close, WebSocketOpcode.Ping, WebSocketOpcode.Pong];

    /// <summary>A valid client frame header: (fin, opcode, payload length, length form, mask).</summary>
    private static readonly Gen<(bool Fin, WebSocketOpcode Opcode, long Length, int Form, int Mask)> _header = Gen.OneOf(
        Gen.Select(Gen.Bool, Gen.OneOf(_dataOpcodes), Gen.Long[0, long.MaxValue], Gen.Int[0, 2], Gen.Int),
        Gen.Select(Gen.Const(true), Gen.OneOf(_controlOpcodes), Gen.Long[0, WebSocketFrameHeader.MaxControlPayload], Gen.Const(0), Gen.Int))
        .Select(h => (h.Item1, h.Item2, Fit(h.Item3, h.Item4), h.Item4, h.Item5));

    [Fact]
    public void Header_Generated_ReadAtItsLastByteAndInAnySegmentation()
    {
        _header.Sample(h =>
        {
            var bytes = EncodeHeader(h.Fin, h.Opcode, h.Length, h.Form, h.Mask);
            for (var prefix = 0; prefix < bytes.Length; prefix++)
            {
                Assert.Equal(OperationStatus.NeedMoreData, WebSocketFrameHeader.TryRead(new ReadOnlySequence<byte>(bytes, 0, prefix), out _, out _));
            }

            foreach (var sequence in Segmentations(bytes))
            {
                Assert.Equal(OperationStatus.Done, WebSocketFrameHeader.TryRead(sequence, out var header, out var violation));
                Assert.Null(violation);
                Assert.Equal((h.Fin, h.Opcode, h.Length, h.Mask, bytes.Length), (header.Fin, header.Opcode, header.PayloadLength, header.Mask, header.Length));
            }
        }, iter: 2_000);
    }

    [Fact]
    public void Header_AnyBytes_SameAnswerInAnySegmentation()
    {
        Gen.Byte.Array[0, WebSocketFrameHeader.MaxLength + 2].Sample(bytes =>
        {
            var expected = WebSocketFrameHeader.TryRead(new ReadOnlySequence<byte>(bytes), out var header, out var violation);
            Assert.Equal(expected == OperationStatus.InvalidData, violation is not null);
            foreach (var sequence in Segmentations(bytes))
            {
                Assert.Equal(expected, WebSocketFrameHeader.TryRead(sequence, out var again, out var againViolation));
                Assert.Equal(violation, againViolation);
                Assert.Equal((header.Fin, header.Opcode, header.PayloadLength, header.Mask, header.Length), (again.Fin, again.Opcode, again.PayloadLength, again.Mask, again.Length));
            }
        }, iter: 20_000);
    }

    /// <summary>A message: text or binary, its payload, where it is cut into frames, and the pings sent between them.</summary>
    private static readonly Gen<(bool Text, byte[] Payload, int[] Cuts, byte[][] Pings)> _message = Gen.Select(
        Gen.Bool,
        Gen.Byte.Array[0, 40],
        Gen.String[0, 30],
        Gen.Int[0, 40].Array[0, 3],
        Gen.Byte.Array[0, 8].Array[0, 2],
        (text, bytes, chars, cuts, pings) => (text, text ? System.Text.Encoding.UTF8.GetBytes(chars) : bytes, cuts, pings));

    [Fact]
    public async Task Receive_GeneratedConversation_MessagesPongsAndCloseAsSent()
    {
        var gen = Gen.Select(_message.Array[0, 4], Gen.Int[0, 400], Gen.Int[1, 64], Gen.Bool, Gen.Int[3000, 4999]);
        await gen.SampleAsync(async (messages, cutAt, readSize, waitForInput, closeCode) =>
        {
            var stream = new List<byte>();
            var pings = new List<byte[]>();
            foreach (var (text, payload, cuts, messagePings) in messages)
            {
                var bounds = cuts.Select(c => Math.Min(c, payload.Length)).Order().Prepend(0).Append(payload.Length).ToArray();
                for (var i = 0; i + 1 < bounds.Length; i++)
                {
                    var opcode = i == 0 ? (text ? ClientFrame.OpText : ClientFrame.OpBinary) : ClientFrame.OpContinuation;
                    stream.AddRange(ClientFrame.Build(opcode, payload.AsSpan(bounds[i]..bounds[i + 1]), fin: i + 2 == bounds.Length));
                    if (i < messagePings.Length)
                    {
                        // Control frames may come between the fragments of a message (section 5.4).
                        stream.AddRange(ClientFrame.Build(ClientFrame.OpPing, messagePings[i]));
                        pings.Add(messagePings[i]);
                    }
                }
            }

            stream.AddRange(ClientFrame.CloseWith(closeCode, "bye"));
            var bytes = stream.ToArray();
            var harness = new PipeWebSocketHarness(waitForInput: waitForInput);
            var run = await harness.RunSplitAsync(bytes, Math.Min(cutAt, bytes.Length), readSize);

            Assert.True(run.Outcome.Closed, run.ToString());
            Assert.Equal((WebSocketCloseStatus)closeCode, run.Outcome.CloseStatus);
            Assert.Equal("bye", run.Outcome.CloseDescription);
            Assert.Equal(
                messages.Select(m => $"{(m.Text ? WebSocketMessageType.Text : WebSocketMessageType.Binary)}:{Convert.ToHexString(m.Payload)}"),
                run.Outcome.Messages.Select(m => m.ToString()));
            Assert.Equal(pings.Select(Convert.ToHexString), run.Frames.Where(f => f.Opcode == ClientFrame.OpPong).Select(f => Convert.ToHexString(f.Payload)));
            Assert.Equal(closeCode, Assert.Single(run.Frames, f => f.Opcode == ClientFrame.OpClose).CloseCode);
            Assert.True(run.ConnectionClosed);
        }, iter: 1_000);
    }

    [Fact]
    public async Task Receive_ArbitraryBytesAfterAValidFrame_CloseOrWebSocketExceptionOnly()
    {
        var gen = Gen.Select(Gen.Byte.Array[0, 64], Gen.Int[1, 32], Gen.Int[0, 3], Gen.Bool);
        await gen.SampleAsync(async (tail, readSize, prefixKind, waitForInput) =>
        {
            // A valid start puts the socket in each state (between messages, mid-message, mid-character) before the noise.
            byte[] prefix = prefixKind switch
            {
                0 => [],
                1 => ClientFrame.Text("4hi"),
                2 => ClientFrame.Text("4é", fin: false),
                _ => ClientFrame.Build(ClientFrame.OpText, [0xE2, 0x82], fin: false),
            };
            byte[] stream = [.. prefix, .. tail];
            var harness = new PipeWebSocketHarness(maxMessageSize: 48, waitForInput: waitForInput);
            var run = await harness.RunSplitAsync(stream, stream.Length / 2, readSize);

            // RunSplitAsync lets only WebSocketException through as an outcome: anything else fails the test here.
            Assert.True(run.Outcome.Closed || run.Outcome.Error is not null, run.ToString());
            foreach (var message in run.Outcome.Messages)
            {
                Assert.True(message.Data.Length <= 48);
                Assert.True(message.Type != WebSocketMessageType.Text || Utf8.IsValid(message.Data), run.ToString());
            }

            Assert.All(run.Frames, f => Assert.True(f.Opcode is ClientFrame.OpPong or ClientFrame.OpClose, run.ToString()));
            Assert.True(run.Frames.Count(f => f.Opcode == ClientFrame.OpClose) <= 1, run.ToString());
        }, iter: 3_000);
    }

    /// <summary>Messages the server sends, in fragments of any size: each frame on the wire carries its piece unmasked, in the shortest length form.</summary>
    [Fact]
    public async Task Send_GeneratedFragments_FramesCarryThePiecesInOrder()
    {
        var piece = Gen.Select(Gen.Int[0, 70_000], Gen.Byte);
        var gen = Gen.Select(Gen.Bool, piece.Array[1, 4]);
        await gen.SampleAsync(async (text, pieces) =>
        {
            // Nothing reads the server's side until the end: the pipe must not pause the sends.
            var harness = new PipeWebSocketHarness(outboundOptions: new System.IO.Pipelines.PipeOptions(pauseWriterThreshold: 0, useSynchronizationContext: false));
            var type = text ? WebSocketMessageType.Text : WebSocketMessageType.Binary;
            for (var i = 0; i < pieces.Length; i++)
            {
                var data = Enumerable.Repeat((byte)(pieces[i].Item2 & 0x7F), pieces[i].Item1).ToArray();
                await harness.Socket.SendAsync(data, type, endOfMessage: i == pieces.Length - 1, CancellationToken.None);
            }

            var (frames, _) = harness.ServerOutput();
            Assert.Equal(pieces.Length, frames.Count);
            for (var i = 0; i < pieces.Length; i++)
            {
                Assert.Equal(i == 0 ? (text ? ClientFrame.OpText : ClientFrame.OpBinary) : ClientFrame.OpContinuation, frames[i].Opcode);
                Assert.Equal(i == pieces.Length - 1, frames[i].Fin);
                Assert.Equal(pieces[i].Item1, frames[i].Payload.Length);
                Assert.All(frames[i].Payload, b => Assert.Equal((byte)(pieces[i].Item2 & 0x7F), b));
            }
        }, iter: 100);
    }

    /// <summary>
    /// Mostly UTF-8 made of code points near every boundary the rules draw (and the surrogates, which must be refused),
    /// with a few random bytes in between.
    /// </summary>
    private static readonly Gen<byte[]> _utf8ish = Gen.Frequency(
        (4, Gen.OneOf(Gen.Int[0, 0x7F], Gen.Int[0x80, 0x7FF], Gen.Int[0x800, 0xFFFF], Gen.Int[0x10000, 0x10FFFF], Gen.OneOf(0xD7FF, 0xD800, 0xDFFF, 0xE000, 0xFFFF, 0x10000, 0x10FFFF, 0x110000, 0x1FFFFF))
            .Select(EncodeCodePoint)),
        (1, Gen.Byte.Array[1, 2]),
        (1, Gen.OneOf<byte[]>([0xC0, 0x80], [0xC1, 0xBF], [0xE0, 0x80, 0x80], [0xF0, 0x80, 0x80, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xF5], [0xFF])))
        .Array[0, 24].Select(parts => parts.SelectMany(p => p).ToArray());

    [Fact]
    public void Utf8Validator_AnyCut_AgreesWithTheRuntime()
    {
        Gen.Select(_utf8ish, Gen.Int[1, 8].Array[1, 6]).Sample((bytes, pieces) =>
        {
            var validator = default(Utf8StreamValidator);
            var valid = true;
            for (int offset = 0, i = 0; offset < bytes.Length && valid; i++)
            {
                var size = Math.Min(pieces[i % pieces.Length], bytes.Length - offset);
                valid = validator.TryAppend(bytes.AsSpan(offset, size));
                offset += size;
            }

            Assert.Equal(Utf8.IsValid(bytes), valid && validator.IsComplete);
        }, iter: 100_000);
    }

    /// <summary>Every cut of the bytes in two, and the bytes one to a segment.</summary>
    private static IEnumerable<ReadOnlySequence<byte>> Segmentations(byte[] bytes)
    {
        for (var cut = 1; cut < bytes.Length; cut++)
        {
            yield return Sequences.Cut(bytes, cut);
        }

        if (bytes.Length > 1)
        {
            yield return Sequences.Of([.. bytes.Select(static b => new ReadOnlyMemory<byte>([b]))]);
        }
    }

    private static long Fit(long length, int form) => form switch
    {
        0 => length % 126,
        1 => length % (ushort.MaxValue + 1),
        _ => length,
    };

    private static byte[] EncodeHeader(bool fin, WebSocketOpcode opcode, long length, int form, int mask)
    {
        var bytes = new List<byte> { (byte)((fin ? 0x80 : 0) | (int)opcode) };
        switch (form)
        {
            case 0:
                bytes.Add((byte)(0x80 | length));
                break;
            case 1:
                bytes.Add(0x80 | 126);
                bytes.AddRange([(byte)(length >> 8), (byte)length]);
                break;
            default:
                bytes.Add(0x80 | 127);
                var wide = new byte[8];
                BinaryPrimitives.WriteUInt64BigEndian(wide, (ulong)length);
                bytes.AddRange(wide);
                break;
        }

        var key = new byte[4];
        MemoryMarshal.Write(key, mask);
        bytes.AddRange(key);
        return [.. bytes];
    }

    /// <summary>The UTF-8 form of a code point, surrogates and values past U+10FFFF included (as a lax encoder would write them).</summary>
    private static byte[] EncodeCodePoint(int cp) => cp switch
    {
        < 0x80 => [(byte)cp],
        < 0x800 => [(byte)(0xC0 | (cp >> 6)), (byte)(0x80 | (cp & 0x3F))],
        < 0x10000 => [(byte)(0xE0 | (cp >> 12)), (byte)(0x80 | ((cp >> 6) & 0x3F)), (byte)(0x80 | (cp & 0x3F))],
        _ => [(byte)(0xF0 | ((cp >> 18) & 0x07)), (byte)(0x80 | ((cp >> 12) & 0x3F)), (byte)(0x80 | ((cp >> 6) & 0x3F)), (byte)(0x80 | (cp & 0x3F))],
    };
}
