using System.Net.WebSockets;
using static TestUtilities.ClientFrame;

namespace EngineIo.Tests.WebSockets;

/// <summary>The close handshake started by the server, the states on the way, and abrupt ends.</summary>
public sealed class PipeWebSocketCloseTests
{
    [Fact]
    public async Task CloseOutput_ThenClientAnswers_ClosedWithoutASecondCloseFrame()
    {
        var harness = new PipeWebSocketHarness();
        var socket = harness.Socket;

        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None).DefaultTimeout();
        Assert.Equal(WebSocketState.CloseSent, socket.State);
        var (frames, closed) = harness.ServerOutput();
        Assert.False(closed);
        var close = Assert.Single(frames);
        Assert.Equal(1000, close.CloseCode);
        Assert.Equal("bye", System.Text.Encoding.UTF8.GetString(close.Payload.AsSpan(2)));

        // Data the client sent before it saw our close still arrives; then its close completes the handshake.
        await harness.SendFromClientAsync(Concat(Text("late"), CloseWith(1000)));
        await harness.Inbound.Writer.CompleteAsync();
        var outcome = await harness.ReceiveAllAsync(64).DefaultTimeout();

        Assert.True(outcome.Closed);
        Assert.Equal("late", System.Text.Encoding.UTF8.GetString(Assert.Single(outcome.Messages).Data));
        Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.CloseStatus);
        Assert.Equal(WebSocketState.Closed, socket.State);
        (frames, closed) = harness.ServerOutput();
        Assert.Empty(frames);
        Assert.True(closed);
    }

    [Fact]
    public async Task CloseOutput_WithoutStatus_EmptyCloseFrame()
    {
        var harness = new PipeWebSocketHarness();

        await harness.Socket.CloseOutputAsync(WebSocketCloseStatus.Empty, null, CancellationToken.None).DefaultTimeout();

        Assert.Empty(Assert.Single(harness.ServerOutput().Frames).Payload);
    }

    [Theory]
    [InlineData(1005)]
    [InlineData(1006)]
    [InlineData(1015)]
    [InlineData(999)]
    [InlineData(2000)]
    public async Task CloseOutput_StatusThatNeverTravels_Refused(int status)
    {
        var harness = new PipeWebSocketHarness();

        await Assert.ThrowsAsync<ArgumentException>(() => harness.Socket.CloseOutputAsync((WebSocketCloseStatus)status, status == 1005 ? "x" : null, CancellationToken.None));

        Assert.Empty(harness.ServerOutput().Frames);
        Assert.Equal(WebSocketState.Open, harness.Socket.State);
    }

    [Fact]
    public async Task CloseOutput_AfterTheClientClosed_NothingMoreSent()
    {
        var harness = new PipeWebSocketHarness();
        await harness.SendFromClientAsync(CloseWith(1001));
        var result = await harness.Socket.ReceiveAsync(Memory<byte>.Empty, CancellationToken.None).AsTask().DefaultTimeout();
        Assert.Equal(WebSocketMessageType.Close, result.MessageType);

        await harness.Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).DefaultTimeout();

        var (frames, closed) = harness.ServerOutput();
        Assert.Equal(1001, Assert.Single(frames).CloseCode);
        Assert.True(closed);
        Assert.Equal(WebSocketState.Closed, harness.Socket.State);
    }

    [Fact]
    public async Task CloseAsync_WaitsForTheClientsClose()
    {
        var harness = new PipeWebSocketHarness();
        var closing = harness.Socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        Assert.False(closing.IsCompleted);

        await harness.SendFromClientAsync(Concat(Text("ignored"), CloseWith(1000)));

        await closing.DefaultTimeout();
        Assert.Equal(WebSocketState.Closed, harness.Socket.State);
    }

    [Fact]
    public async Task Abort_WhileIdle_PendingReceiveFailsAndConnectionAborted()
    {
        var harness = new PipeWebSocketHarness();
        var connectionClosed = new TaskCompletionSource();
        harness.Connection.ConnectionClosed.Register(connectionClosed.SetResult);
        var receiving = harness.Socket.ReceiveAsync(Memory<byte>.Empty, CancellationToken.None).AsTask();
        Assert.False(receiving.IsCompleted);

        harness.Socket.Abort();

        await Assert.ThrowsAsync<WebSocketException>(() => receiving.DefaultTimeout());
        await connectionClosed.Task.DefaultTimeout();
        Assert.Equal(WebSocketState.Aborted, harness.Socket.State);
    }

    [Fact]
    public async Task Dispose_AfterOurClose_ClosesTheConnectionGracefully()
    {
        var harness = new PipeWebSocketHarness();
        await harness.Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).DefaultTimeout();

        harness.Socket.Dispose();

        var (frames, closed) = harness.ServerOutput();
        Assert.Equal(1000, Assert.Single(frames).CloseCode);
        Assert.True(closed);
        Assert.False(harness.Connection.ConnectionClosed.IsCancellationRequested, "Not aborted.");
        Assert.Equal(WebSocketState.Closed, harness.Socket.State);
        await Assert.ThrowsAsync<WebSocketException>(async () => await harness.Socket.ReceiveAsync(new byte[1].AsMemory(), CancellationToken.None));
    }

    [Fact]
    public async Task Receive_Cancelled_AbortsTheSocket()
    {
        var harness = new PipeWebSocketHarness();
        using var cts = new CancellationTokenSource();
        var receiving = harness.Socket.ReceiveAsync(Memory<byte>.Empty, cts.Token).AsTask();

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => receiving.DefaultTimeout());
        Assert.Equal(WebSocketState.Aborted, harness.Socket.State);
    }
}
