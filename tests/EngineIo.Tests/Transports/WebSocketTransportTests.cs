using System.Net.WebSockets;
using System.Text;
using EngineIo.Tests.Infrastructure;

namespace EngineIo.Tests.Transports;

/// <summary>Sessions carried by a WebSocket from the handshake on: one packet per frame.</summary>
public sealed class WebSocketTransportTests
{
    [Fact]
    public async Task TextMessage_EchoingHandler_SentBackAsTextFrame()
    {
        await using var server = await EngineIoTestServer.StartAsync();
        server.Handler.Echo = true;
        var (socket, _, session) = await server.OpenWebSocketSessionAsync();

        await socket.SendTextAsync("4hello é€");

        Assert.Equal("4hello é€", await socket.ReceiveTextAsync());
        var message = await session.NextMessageAsync();
        Assert.Equal("hello é€", message.Text);
        Assert.False(message.IsBinary);
        Assert.Equal(EngineIoTransports.WebSocket, message.Transport);
    }

    [Fact]
    public async Task Sends_FromManyThreadsAtOnce_AllArriveInEachSendersOrder()
    {
        const int Senders = 8;
        const int PerSender = 500;
        await using var server = await EngineIoTestServer.StartAsync(options => options.MaxBufferedPackets = Senders * PerSender);
        var (socket, _, session) = await server.OpenWebSocketSessionAsync();

        // Wakes from every thread while sends start, run and end: each message is written once, none is left behind.
        using var start = new Barrier(Senders);
        var senders = new Task[Senders];
        for (var s = 0; s < Senders; s++)
        {
            var sender = s;
            senders[s] = Task.Factory.StartNew(() =>
            {
                start.SignalAndWait();
                for (var i = 0; i < PerSender; i++)
                {
                    Assert.True(session.Socket.Send(Encoding.UTF8.GetBytes($"{sender}:{i}")));
                }
            }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }

        var next = new int[Senders];
        for (var received = 0; received < Senders * PerSender; received++)
        {
            var text = await socket.ReceiveTextAsync();
            var separator = text.IndexOf(':', StringComparison.Ordinal);
            var sender = int.Parse(text.AsSpan(1, separator - 1), System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(next[sender]++, int.Parse(text.AsSpan(separator + 1), System.Globalization.CultureInfo.InvariantCulture));
        }

        await Task.WhenAll(senders).DefaultTimeout();
        Assert.All(next, count => Assert.Equal(PerSender, count));
    }

    [Fact]
    public async Task BinaryMessage_EchoingHandler_SentBackAsRawBinaryFrame()
    {
        await using var server = await EngineIoTestServer.StartAsync();
        server.Handler.Echo = true;
        var (socket, _, session) = await server.OpenWebSocketSessionAsync();

        await socket.SendBinaryAsync([0x34, 1, 2, 3]);

        var frame = await socket.ReceiveAsync();
        Assert.Equal(WebSocketMessageType.Binary, frame.Type);
        Assert.Equal(new byte[] { 0x34, 1, 2, 3 }, frame.Data);
        var message = await session.NextMessageAsync();
        Assert.True(message.IsBinary);
        Assert.Equal(new byte[] { 0x34, 1, 2, 3 }, message.Data);
    }

    [Fact]
    public async Task EmptyMessagePacket_DeliveredAsEmptyText()
    {
        await using var server = await EngineIoTestServer.StartAsync();
        server.Handler.Echo = true;
        var (socket, _, session) = await server.OpenWebSocketSessionAsync();

        await socket.SendTextAsync("4");

        Assert.Equal("4", await socket.ReceiveTextAsync());
        Assert.Equal("", (await session.NextMessageAsync()).Text);
    }

    [Fact]
    public async Task LargeMessage_ReassembledFromManyReads()
    {
        await using var server = await EngineIoTestServer.StartAsync();
        server.Handler.Echo = true;
        var (socket, _, session) = await server.OpenWebSocketSessionAsync();
        var text = string.Create(100_000, 0, static (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = (char)('a' + (i % 26));
            }
        });

        await socket.SendTextAsync("4" + text);

        Assert.Equal("4" + text, await socket.ReceiveTextAsync());
        Assert.Equal(text, (await session.NextMessageAsync()).Text);
    }

    [Fact]
    public async Task FragmentedMessage_DeliveredAsOneMessage()
    {
        await using var server = await EngineIoTestServer.StartAsync();
        var (socket, _, session) = await server.OpenWebSocketSessionAsync();

        await socket.Socket.SendAsync("4frag"u8.ToArray(), WebSocketMessageType.Text, endOfMessage: false, CancellationToken.None).DefaultTimeout();
        await socket.Socket.SendAsync("men"u8.ToArray(), WebSocketMessageType.Text, endOfMessage: false, CancellationToken.None).DefaultTimeout();
        await socket.Socket.SendAsync("ted"u8.ToArray(), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None).DefaultTimeout();

        Assert.Equal("fragmented", (await session.NextMessageAsync()).Text);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("9")]
    [InlineData("b")]
    public async Task UndecodableTextFrame_ClosedWithParseError(string frame)
    {
        await using var server = await EngineIoTestServer.StartAsync();
        var (socket, sid, session) = await server.OpenWebSocketSessionAsync();

        await socket.SendTextAsync(frame);

        await socket.ReceiveCloseWithoutErrorAsync();
        Assert.Equal(EngineIoDisconnectReason.ParseError, await session.WaitClosedAsync());
        Assert.False(session.TryTakeMessage(out _));
        Assert.False(server.EngineServer.TryGetSession(sid, out _));
    }

    [Theory]
    [InlineData(WebSocketMessageType.Text)]
    [InlineData(WebSocketMessageType.Binary)]
    public async Task MessageOverMaxPayload_Closed1009WithTransportError(WebSocketMessageType type)
    {
        await using var server = await EngineIoTestServer.StartAsync(options => options.MaxPayload = 100);
        server.Handler.Echo = true;
        var (socket, _, session) = await server.OpenWebSocketSessionAsync();
        var exactly = Encoding.ASCII.GetBytes("4" + new string('x', 99));
        var over = Encoding.ASCII.GetBytes("4" + new string('x', 100));

        // Exactly the limit is accepted.
        await socket.Socket.SendAsync(exactly, type, endOfMessage: true, CancellationToken.None).DefaultTimeout();
        Assert.Equal(exactly, (await socket.ReceiveAsync()).Data);
        await socket.Socket.SendAsync(over, type, endOfMessage: true, CancellationToken.None).DefaultTimeout();

        Assert.Equal(WebSocketCloseStatus.MessageTooBig, await socket.ReceiveCloseAsync());
        Assert.Equal(EngineIoDisconnectReason.TransportError, await session.WaitClosedAsync());
        Assert.Equal(exactly.Length - (type == WebSocketMessageType.Text ? 1 : 0), (await session.NextMessageAsync()).Data.Length);
        Assert.False(session.TryTakeMessage(out _));
    }

    [Fact]
    public async Task ClientCloses_ClosedWithTransportClose()
    {
        await using var server = await EngineIoTestServer.StartAsync();
        var (socket, sid, session) = await server.OpenWebSocketSessionAsync();

        await socket.CloseAsync();

        Assert.Equal(EngineIoDisconnectReason.TransportClose, await session.WaitClosedAsync());
        Assert.Equal(WebSocketState.Closed, socket.Socket.State);
        Assert.False(server.EngineServer.TryGetSession(sid, out _));
    }

    [Fact]
    public async Task ClientDropsConnection_ClosedWithTransportClose()
    {
        await using var server = await EngineIoTestServer.StartAsync();
        var (socket, _, session) = await server.OpenWebSocketSessionAsync();

        socket.Socket.Abort();

        Assert.Equal(EngineIoDisconnectReason.TransportClose, await session.WaitClosedAsync());
    }

    [Fact]
    public async Task ClosePacket_IgnoredOverWebSocket()
    {
        await using var server = await EngineIoTestServer.StartAsync();
        server.Handler.Echo = true;
        var (socket, _, session) = await server.OpenWebSocketSessionAsync();

        await socket.SendTextAsync("1");
        await socket.SendTextAsync("4after");

        Assert.Equal("4after", await socket.ReceiveTextAsync());
        Assert.Equal("after", (await session.NextMessageAsync()).Text);
        Assert.True(session.Socket.IsOpen);
        Assert.False(session.Closed.IsCompleted);
    }

    [Theory]
    [InlineData("2")]
    [InlineData("2probe")]
    public async Task ClientPing_ClosedWithTransportError(string ping)
    {
        await using var server = await EngineIoTestServer.StartAsync();
        var (socket, _, session) = await server.OpenWebSocketSessionAsync();

        await socket.SendTextAsync(ping);

        Assert.Equal(EngineIoDisconnectReason.TransportError, await session.WaitClosedAsync());
        await socket.ReceiveCloseWithoutErrorAsync();
    }

    [Fact]
    public async Task AnswersQueuedDuringDispatch_WhileAnotherThreadSends_AllArriveInEachSendersOrder()
    {
        const int PerSender = 300;
        await using var server = await EngineIoTestServer.StartAsync(options => options.MaxBufferedPackets = 2 * PerSender);
        var (socket, _, session) = await server.OpenWebSocketSessionAsync();
        using var dispatching = new ManualResetEventSlim();
        var other = Task.Factory.StartNew(() =>
        {
            Assert.True(dispatching.Wait(TaskTimeoutExtensions.DefaultTimeoutValue));
            for (var i = 0; i < PerSender; i++)
            {
                Assert.True(session.Socket.Send(Encoding.UTF8.GetBytes($"b:{i}")));
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        server.Handler.OnMessage = (target, _) =>
        {
            // The receive loop sends what the dispatch queued once it returns; the other thread's sends start meanwhile.
            dispatching.Set();
            for (var i = 0; i < PerSender; i++)
            {
                Assert.True(target.Send(Encoding.UTF8.GetBytes($"a:{i}")));
            }

            return default;
        };

        await socket.SendTextAsync("4go");

        var next = new Dictionary<char, int> { ['a'] = 0, ['b'] = 0 };
        for (var received = 0; received < 2 * PerSender; received++)
        {
            var text = await socket.ReceiveTextAsync();
            Assert.Equal(next[text[1]]++, int.Parse(text.AsSpan(3), System.Globalization.CultureInfo.InvariantCulture));
        }

        await other.DefaultTimeout();
        Assert.Equal(PerSender, next['a']);
        Assert.Equal(PerSender, next['b']);
    }

    [Fact]
    public async Task HandlerSendsBeforeAndAfterAnAwait_ThenCloses_BothArriveThenCloseFrame()
    {
        await using var server = await EngineIoTestServer.StartAsync();
        var (socket, _, session) = await server.OpenWebSocketSessionAsync();
        var resume = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.Handler.OnMessage = async (target, _) =>
        {
            Assert.True(target.Send("before"u8.ToArray()));
            await resume.Task;
            Assert.True(target.Send("after"u8.ToArray()));
            target.Close();
        };

        await socket.SendTextAsync("4go");
        Assert.Equal("4before", await socket.ReceiveTextAsync());
        resume.SetResult();

        Assert.Equal("4after", await socket.ReceiveTextAsync());
        await socket.ReceiveCloseWithoutErrorAsync();
        Assert.Equal(EngineIoDisconnectReason.ForcedClose, await session.WaitClosedAsync());
    }

    [Fact]
    public async Task HandlerSendsThenCloses_InsideOneDispatch_MessageThenCloseFrame()
    {
        await using var server = await EngineIoTestServer.StartAsync();
        var (socket, _, session) = await server.OpenWebSocketSessionAsync();
        server.Handler.OnMessage = (target, _) =>
        {
            Assert.True(target.Send("last"u8.ToArray()));
            target.Close();
            return default;
        };

        await socket.SendTextAsync("4go");

        Assert.Equal("4last", await socket.ReceiveTextAsync());
        await socket.ReceiveCloseWithoutErrorAsync();
        Assert.Equal(EngineIoDisconnectReason.ForcedClose, await session.WaitClosedAsync());
    }

    [Fact]
    public async Task ServerClose_QueuedMessagesDeliveredThenCloseFrame()
    {
        await using var server = await EngineIoTestServer.StartAsync();
        var (socket, _, session) = await server.OpenWebSocketSessionAsync();

        Assert.True(session.Socket.Send([new EngineIoMessage("a"u8.ToArray(), false), new EngineIoMessage(new byte[] { 9 }, true), new EngineIoMessage("b"u8.ToArray(), false)]));
        session.Socket.Close();

        Assert.False(session.Socket.IsOpen);
        Assert.False(session.Socket.Send("too late"u8.ToArray()));
        Assert.Equal("4a", await socket.ReceiveTextAsync());
        Assert.Equal(new byte[] { 9 }, (await socket.ReceiveAsync()).Data);
        Assert.Equal("4b", await socket.ReceiveTextAsync());
        await socket.ReceiveCloseWithoutErrorAsync();
        Assert.Equal(EngineIoDisconnectReason.ForcedClose, await session.WaitClosedAsync());
        await socket.CloseAsync();
        Assert.Equal(WebSocketState.Closed, socket.Socket.State);
    }

    [Fact]
    public async Task ServerClose_InsideMessageHandler_ReportedAfterHandlerReturns()
    {
        await using var server = await EngineIoTestServer.StartAsync();
        var (socket, _, session) = await server.OpenWebSocketSessionAsync();
        server.Handler.Echo = true;

        await socket.SendTextAsync("4bye");
        Assert.Equal("4bye", await socket.ReceiveTextAsync());
        session.Socket.Close();
        session.Socket.Close();

        await socket.ReceiveCloseWithoutErrorAsync();
        Assert.Equal(EngineIoDisconnectReason.ForcedClose, await session.WaitClosedAsync());
    }

    [Fact]
    public async Task ManySessions_ConcurrentMessages_EachEchoedToItsOwnSocket()
    {
        await using var server = await EngineIoTestServer.StartAsync();
        server.Handler.Echo = true;
        var sessions = new List<(TestWebSocket Socket, string Sid)>();
        for (var i = 0; i < 10; i++)
        {
            var (socket, sid, _) = await server.OpenWebSocketSessionAsync();
            sessions.Add((socket, sid));
        }

        await Task.WhenAll(sessions.Select(static s => s.Socket.SendTextAsync("4" + s.Sid)));

        foreach (var (socket, sid) in sessions)
        {
            Assert.Equal("4" + sid, await socket.ReceiveTextAsync());
        }
    }
}
