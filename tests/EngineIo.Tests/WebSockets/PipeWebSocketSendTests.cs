using System.Buffers;
using System.IO.Pipelines;
using System.Net.WebSockets;
using System.Text;
using static TestUtilities.ClientFrame;

namespace EngineIo.Tests.WebSockets;

/// <summary>Frames the server writes: unmasked, shortest lengths, fragments as continuations, never interleaved.</summary>
public sealed class PipeWebSocketSendTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(125)]
    [InlineData(126)]
    [InlineData(65535)]
    [InlineData(65536)]
    [InlineData(100_000)]
    public async Task Send_EveryLengthForm_OneUnmaskedFrameWithTheShortestLength(int length)
    {
        var harness = new PipeWebSocketHarness(outboundOptions: new PipeOptions(pauseWriterThreshold: 0, useSynchronizationContext: false));
        var payload = Enumerable.Range(0, length).Select(i => (byte)i).ToArray();

        await harness.Socket.SendAsync(payload, WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None).DefaultTimeout();

        var frame = Assert.Single(harness.ServerOutput().Frames);
        Assert.True(frame.Fin);
        Assert.Equal(OpBinary, frame.Opcode);
        Assert.Equal(payload, frame.Payload);
    }

    [Fact]
    public async Task Send_MessageInParts_FirstFrameTypedThenContinuations()
    {
        var harness = new PipeWebSocketHarness();
        var socket = harness.Socket;

        await socket.SendAsync("hel"u8.ToArray(), WebSocketMessageType.Text, WebSocketMessageFlags.None, CancellationToken.None).DefaultTimeout();
        await socket.SendAsync("lo "u8.ToArray(), WebSocketMessageType.Text, WebSocketMessageFlags.None, CancellationToken.None).DefaultTimeout();
        await socket.SendAsync("✓"u8.ToArray(), WebSocketMessageType.Text, WebSocketMessageFlags.EndOfMessage, CancellationToken.None).DefaultTimeout();
        await socket.SendAsync(new ArraySegment<byte>([1]), WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None).DefaultTimeout();

        var frames = harness.ServerOutput().Frames;
        Assert.Equal(["1:False:hel", "0:False:lo ", "0:True:✓", "2:True:\u0001"], frames.Select(f => $"{f.Opcode}:{f.Fin}:{f.Text}"));
    }

    [Fact]
    public async Task Send_CloseAsMessageType_Refused()
    {
        var harness = new PipeWebSocketHarness();

        await Assert.ThrowsAsync<ArgumentException>(async () =>
            await harness.Socket.SendAsync("x"u8.ToArray(), WebSocketMessageType.Close, WebSocketMessageFlags.EndOfMessage, CancellationToken.None));
    }

    [Fact]
    public async Task Send_AfterOurClose_InvalidState()
    {
        var harness = new PipeWebSocketHarness();
        await harness.Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).DefaultTimeout();

        var ex = await Assert.ThrowsAsync<WebSocketException>(async () =>
            await harness.Socket.SendAsync("x"u8.ToArray(), WebSocketMessageType.Text, WebSocketMessageFlags.EndOfMessage, CancellationToken.None));

        Assert.Equal(WebSocketError.InvalidState, ex.WebSocketErrorCode);
    }

    [Fact]
    public async Task Ping_WhileASendWaitsForTheClient_PongFollowsTheWholeFrame()
    {
        // The client reads nothing yet, so a large send stops in its flush with half its frame in the pipe.
        var harness = new PipeWebSocketHarness(outboundOptions: new PipeOptions(pauseWriterThreshold: 1024, resumeWriterThreshold: 512, useSynchronizationContext: false));
        var payload = Enumerable.Range(0, 10_000).Select(i => (byte)i).ToArray();
        var sending = harness.Socket.SendAsync(payload, WebSocketMessageType.Binary, WebSocketMessageFlags.EndOfMessage, CancellationToken.None).AsTask();
        Assert.False(sending.IsCompleted);

        await harness.SendFromClientAsync(Concat(Build(OpPing, "now"u8), Text("after")));
        var receiving = harness.Socket.ReceiveAsync(Memory<byte>.Empty, CancellationToken.None).AsTask();

        // Drain as a client would, until the pong has arrived.
        var received = new List<byte>();
        while (ServerFrame.ParseWhole(received).All(f => f.Opcode != OpPong))
        {
            var result = await harness.Outbound.Reader.ReadAsync().DefaultTimeout();
            received.AddRange(result.Buffer.ToArray());
            harness.Outbound.Reader.AdvanceTo(result.Buffer.End);
        }

        await sending.DefaultTimeout();
        Assert.Equal(WebSocketMessageType.Text, (await receiving.DefaultTimeout()).MessageType);
        var frames = ServerFrame.ParseWhole(received);
        Assert.Equal([OpBinary, OpPong], frames.Select(f => f.Opcode));
        Assert.Equal(payload, frames[0].Payload);
        Assert.Equal("now", frames[1].Text);
    }

    [Fact]
    public async Task Send_ClientGone_WebSocketExceptionAndAborted()
    {
        var harness = new PipeWebSocketHarness();
        await harness.Outbound.Reader.CompleteAsync();

        var ex = await Assert.ThrowsAsync<WebSocketException>(async () =>
            await harness.Socket.SendAsync(Encoding.UTF8.GetBytes("x"), WebSocketMessageType.Text, WebSocketMessageFlags.EndOfMessage, CancellationToken.None));

        Assert.Equal(WebSocketError.ConnectionClosedPrematurely, ex.WebSocketErrorCode);
        Assert.Equal(WebSocketState.Aborted, harness.Socket.State);
    }
}
