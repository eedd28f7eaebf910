using System.Net.WebSockets;
using System.Text;
using static TestUtilities.ClientFrame;
using static EngineIo.Tests.WebSockets.FrameScenario;

namespace EngineIo.Tests.WebSockets;

/// <summary>
/// What <c>PipeWebSocket</c> makes of client frames, each stream fed through every cut (two writes into the pipe, at
/// every index from 0 to its length), with reads of 3 bytes (so that payloads, and the characters in them, are also
/// split across reads) and of 4 KiB.
/// </summary>
public sealed class PipeWebSocketReceiveTests
{
    private static readonly byte[] _payload300 = [.. Enumerable.Range(0, 300).Select(i => (byte)i)];
    private static readonly byte[] _ping125 = [.. Enumerable.Range(0, 125).Select(i => (byte)(i * 7))];

    private static readonly Dictionary<string, FrameScenario> _scenarios = new()
    {
        // Lengths, masks, message kinds.
        ["text, 7-bit length"] = Ok(Text("hello"), [TextMessage("hello")]),
        ["binary, 16-bit length"] = Ok(ClientFrame.Binary(_payload300), [BinaryMessage(_payload300)]),
        ["text, 16-bit form for a short payload"] = Ok(Build(OpText, "hi"u8, form: LengthForm.Bits16), [TextMessage("hi")]),
        ["binary, 64-bit form"] = Ok(Build(OpBinary, [1, 2, 3], form: LengthForm.Bits64), [BinaryMessage(1, 2, 3)]),
        ["empty text and empty binary"] = Ok(Concat(Text(""), Build(OpBinary, [])), [TextMessage(""), BinaryMessage()]),
        ["two messages, other masks"] = Ok(
            Concat(Build(OpText, "abcdefghij"u8, mask: [0, 0, 0, 0]), Build(OpBinary, [9, 8, 7, 6, 5], mask: [0xFF, 0x01, 0x80, 0x7F])),
            [TextMessage("abcdefghij"), BinaryMessage(9, 8, 7, 6, 5)]),
        ["multi-byte UTF-8"] = Ok(Text("héllo ✓ 𝄞"), [TextMessage("héllo ✓ 𝄞")]),

        // Fragmentation, and control frames between fragments.
        ["fragmented text"] = Ok(Concat(Text("hel", fin: false), Continue("lo wor", fin: false), Continue("ld")), [TextMessage("hello world")]),
        ["empty fragments"] = Ok(Concat(Text("", fin: false), Continue("ab", fin: false), Continue("")), [TextMessage("ab")]),
        ["fragmented binary"] = Ok(Concat(ClientFrame.Binary([1, 2], fin: false), Build(OpContinuation, [3])), [BinaryMessage(1, 2, 3)]),
        ["ping and pong between fragments"] = Ok(
            Concat(Text("ab", fin: false), Build(OpPing, "p1"u8), Continue("cd", fin: false), Build(OpPong, "x"u8), Continue("ef")),
            [TextMessage("abcdef")],
            (OpPong, "p1"u8.ToArray())),
        ["pings answered in order"] = Ok(
            Concat(Build(OpPing, []), Build(OpPing, _ping125), Text("x")),
            [TextMessage("x")],
            (OpPong, []),
            (OpPong, _ping125)),

        // The close handshake, started by the client.
        ["close with code and reason"] = Closes(CloseWith(1000, "bye"), WebSocketCloseStatus.NormalClosure, "bye", CloseCode(1000)),
        ["close without payload"] = Closes(CloseWith(null), WebSocketCloseStatus.Empty, "", []),
        ["close with an application code"] = Closes(CloseWith(4000, "é"), (WebSocketCloseStatus)4000, "é", CloseCode(4000)),
        ["close after a message"] = Closes(Concat(Text("a"), CloseWith(1001)), WebSocketCloseStatus.EndpointUnavailable, "", CloseCode(1001), TextMessage("a")),
        ["close inside a fragmented message"] = Closes(Concat(Text("ab", fin: false), CloseWith(1000)), WebSocketCloseStatus.NormalClosure, "", CloseCode(1000)),

        // Protocol errors: 1002.
        ["RSV1 without an extension"] = Fails(Build(OpText, "a"u8, rsv: 4), 1002),
        ["RSV2"] = Fails(Build(OpText, "a"u8, rsv: 2), 1002),
        ["RSV3"] = Fails(Build(OpBinary, [1], rsv: 1), 1002),
        ["RSV on a ping"] = Fails(Build(OpPing, [], rsv: 4), 1002),
        ["opcode 3"] = Fails(Build(3, "a"u8), 1002),
        ["opcode 0xB"] = Fails(Build(0xB, []), 1002),
        ["unmasked frame"] = Fails(Build(OpText, "a"u8, masked: false), 1002),
        ["ping over 125 bytes"] = Fails(Build(OpPing, new byte[126]), 1002),
        ["ping with a 16-bit length"] = Fails(Build(OpPing, "x"u8, form: LengthForm.Bits16), 1002),
        ["fragmented ping"] = Fails(Build(OpPing, "x"u8, fin: false), 1002),
        ["fragmented close"] = Fails(Build(OpClose, [3, 0xE8], fin: false), 1002),
        ["continuation without a message"] = Fails(Continue("x"), 1002),
        ["text inside a fragmented message"] = Fails(Concat(Text("a", fin: false), Text("b")), 1002),
        ["binary inside a fragmented message"] = Fails(Concat(Text("a", fin: false), ClientFrame.Binary([1])), 1002),
        ["64-bit length with the top bit set"] = Fails([0x82, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 1, 1, 2, 3, 4], 1002),
        ["close payload of one byte"] = Fails(Build(OpClose, [3]), 1002),
        ["close code 999"] = Fails(CloseWith(999), 1002),
        ["close code 1004"] = Fails(CloseWith(1004), 1002),
        ["close code 1005"] = Fails(CloseWith(1005), 1002),
        ["close code 1006"] = Fails(CloseWith(1006), 1002),
        ["close code 1015"] = Fails(CloseWith(1015), 1002),
        ["close code 1016"] = Fails(CloseWith(1016), 1002),
        ["close code 2999"] = Fails(CloseWith(2999), 1002),
        ["close code 5000"] = Fails(CloseWith(5000), 1002),
        ["violation after a good message"] = Fails(Concat(Text("ok"), Build(OpText, "a"u8, rsv: 4)), 1002, TextMessage("ok")),

        // Invalid UTF-8: 1007.
        ["invalid UTF-8 in a close reason"] = Fails(Build(OpClose, [3, 0xE8, 0xFF]), 1007),
        ["byte 0xFF in text"] = Fails(Build(OpText, [0x61, 0xFF, 0x62]), 1007),
        ["overlong two-byte form"] = Fails(Build(OpText, [0xC0, 0x80]), 1007),
        ["overlong three-byte form"] = Fails(Build(OpText, [0xE0, 0x80, 0x80]), 1007),
        ["overlong four-byte form"] = Fails(Build(OpText, [0xF0, 0x80, 0x80, 0x80]), 1007),
        ["UTF-16 surrogate"] = Fails(Build(OpText, [0x61, 0xED, 0xA0, 0x80]), 1007),
        ["above U+10FFFF"] = Fails(Build(OpText, [0xF4, 0x90, 0x80, 0x80]), 1007),
        ["lone continuation byte"] = Fails(Build(OpText, [0x61, 0x80]), 1007),
        ["message ends inside a character"] = Fails(Build(OpText, [0x68, 0xC3]), 1007),
        ["invalid in a later fragment"] = Fails(Concat(Build(OpText, [0xE2], fin: false), Build(OpContinuation, [0x41])), 1007),
        ["invalid after valid fragments"] = Fails(Concat(Text("héllo", fin: false), Continue("ok", fin: false), Build(OpContinuation, [0xFE])), 1007),
    };

    public static TheoryData<string> Scenarios() => [.. _scenarios.Keys];

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Receive_EveryCutOfTheStream_SameOutcome(string name)
    {
        var scenario = _scenarios[name];
        await RunEveryCutAsync(scenario);
    }

    [Fact]
    public async Task Receive_ValidCharactersCutByFragmentsAndReads_ReassembledIntact()
    {
        var text = Encoding.UTF8.GetBytes("aé✓𝄞z");
        for (var cut = 0; cut <= text.Length; cut++)
        {
            var stream = Concat(Build(OpText, text.AsSpan(0, cut), fin: false), Build(OpContinuation, text.AsSpan(cut)));
            await RunEveryCutAsync(Ok(stream, [new WireMessage(WebSocketMessageType.Text, text)]), $"fragment cut {cut}");
        }
    }

    [Theory]
    [InlineData(new byte[] { 0x61, 0xED, 0xA0, 0x80, 0x62 })]
    [InlineData(new byte[] { 0x61, 0xF0, 0x8F, 0xBF, 0xBF, 0x62 })]
    [InlineData(new byte[] { 0x61, 0xE2, 0x28, 0xA1 })]
    public async Task Receive_InvalidCharactersCutByFragments_FailWith1007(byte[] text)
    {
        for (var cut = 0; cut <= text.Length; cut++)
        {
            var stream = Concat(Build(OpText, text.AsSpan(0, cut), fin: false), Build(OpContinuation, text.AsSpan(cut)));
            await RunEveryCutAsync(Fails(stream, 1007), $"fragment cut {cut}");
        }
    }

    [Theory]
    [InlineData(16, false)]
    [InlineData(17, true)]
    public async Task Receive_MessageAtAndOverTheLimit_OverFailsWith1009(int length, bool tooBig)
    {
        var payload = new byte[length];
        var stream = ClientFrame.Binary(payload);
        var scenario = tooBig ? Fails(stream, 1009) : Ok(stream, [BinaryMessage(payload)]);
        await RunEveryCutAsync(scenario with { MaxMessageSize = 16 });
    }

    [Fact]
    public async Task Receive_FragmentsAddingUpOverTheLimit_FailWith1009()
    {
        var stream = Concat(ClientFrame.Binary(new byte[10], fin: false), Build(OpContinuation, new byte[7]));
        await RunEveryCutAsync(Fails(stream, 1009) with { MaxMessageSize = 16 });
    }

    [Fact]
    public async Task Receive_HugeLengthAnnounced_FailsWith1009BeforeAnyPayload()
    {
        byte[] header = [0x82, 0xFF, 0, 0, 0, 0, 0x40, 0, 0, 0, 1, 2, 3, 4];
        await RunEveryCutAsync(Fails(header, 1009));
    }

    [Fact]
    public async Task Receive_Message64BitLength_Reassembled()
    {
        var payload = Enumerable.Range(0, 70_000).Select(i => (byte)(i * 31)).ToArray();
        var stream = ClientFrame.Binary(payload);
        var scenario = Ok(stream, [BinaryMessage(payload)]);

        // Every cut through the header, then a sample through the payload: each run moves 70 KB.
        int[] cuts = [.. Enumerable.Range(0, 16), .. Enumerable.Range(1, 69).Select(i => i * 1013), stream.Length - 1, stream.Length];
        foreach (var cut in cuts)
        {
            foreach (var readSize in new[] { 4096, 65536 })
            {
                var harness = new PipeWebSocketHarness(scenario.MaxMessageSize);
                scenario.Verify(await harness.RunSplitAsync(stream, cut, readSize), $"cut at {cut}, reads of {readSize}");
            }
        }
    }

    [Fact]
    public async Task Receive_ClientEndsMidFrame_ConnectionClosedPrematurely()
    {
        var harness = new PipeWebSocketHarness();
        await harness.SendFromClientAsync(Text("hello").AsMemory(0, 4));
        await harness.Inbound.Writer.CompleteAsync();

        var outcome = await harness.ReceiveAllAsync(16).DefaultTimeout();

        Assert.Equal(WebSocketError.ConnectionClosedPrematurely, outcome.Error);
        Assert.Equal(WebSocketState.Aborted, harness.Socket.State);
    }

    /// <summary>Every cut, with small and large reads, each message started by a plain receive and by the idle wait.</summary>
    private static async Task RunEveryCutAsync(FrameScenario scenario, string context = "")
    {
        foreach (var waitForInput in new[] { false, true })
        {
            foreach (var readSize in new[] { 3, 4096 })
            {
                for (var cut = 0; cut <= scenario.Stream.Length; cut++)
                {
                    var harness = new PipeWebSocketHarness(scenario.MaxMessageSize, waitForInput: waitForInput);
                    var run = await harness.RunSplitAsync(scenario.Stream, cut, readSize);
                    scenario.Verify(run, $"{context} cut at {cut} of {scenario.Stream.Length}, reads of {readSize}, wait for input {waitForInput}");
                }
            }
        }
    }
}
