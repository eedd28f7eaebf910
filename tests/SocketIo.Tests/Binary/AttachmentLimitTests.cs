using SocketIo.Tests.Infrastructure;

namespace SocketIo.Tests.Binary;

/// <summary>
/// A binary packet's attachments are held only for a while and only up to a size: a packet whose attachments do not
/// all come within <see cref="SocketIoOptions.AttachmentTimeout"/>, or exceed <see cref="SocketIoOptions.MaxAttachmentBytes"/>
/// (by default the Engine.IO payload limit), closes the connection as a parse error. The clock is the test's.
/// </summary>
public sealed class AttachmentLimitTests
{
    private const string Placeholder0 = """{"_placeholder":true,"num":0}""";
    private const string Placeholder1 = """{"_placeholder":true,"num":1}""";
    private static readonly TimeSpan _attachmentTimeout = TimeSpan.FromSeconds(13);
    private static readonly TimeSpan _tick = TimeSpan.FromTicks(1);

    [Fact]
    public async Task UnfinishedBinaryPacket_ClosedWithParseErrorAtAttachmentTimeout()
    {
        var time = new TestTimeProvider();
        await using var server = await StartWithClockAsync(time);
        var (client, socket) = await server.ConnectSocketAsync();

        await client.SendAsync($$"""52-["e",{{Placeholder0}},{{Placeholder1}}]""");
        await client.SendBinaryAsync([1]);
        await time.WaitForTimerAsync(_attachmentTimeout);

        // Timer callbacks run inside Advance, so what has not happened when it returns has not fallen due.
        time.Advance(_attachmentTimeout - _tick);
        Assert.DoesNotContain(server.Logs.Entries, static entry => entry.EventId.Name == "AttachmentTimeout");
        time.Advance(_tick);

        // Not AssertClosedAsync: its barrier is a text packet, which would close the connection by itself here.
        Assert.Empty(await client.ReceiveUntilClosedAsync());
        Assert.Equal(SocketIoDisconnectReason.ParseError, await server.Sockets[socket.Id].DisconnectReasonAsync());
        await server.Logs.WaitForAsync("AttachmentTimeout");
    }

    [Fact]
    public async Task BinaryPacketCompleted_TimerDoesNotCloseTheConnectionLater()
    {
        var time = new TestTimeProvider();
        var received = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await StartWithClockAsync(time);
        var (client, socket) = await server.ConnectSocketAsync();
        socket.On("e", e =>
        {
            received.TrySetResult(e.Attachments.Count);
            return default;
        });

        await client.SendAsync($$"""51-["e",{{Placeholder0}}]""");
        await client.SendBinaryAsync([1]);
        Assert.Equal(1, await received.Task.DefaultTimeout());
        await time.WaitForTimerAsync(_attachmentTimeout);
        time.Advance(_attachmentTimeout * 2);

        await client.SyncAsync();
        Assert.True(socket.Connected);
    }

    /// <summary>One timer serves the connection's packets one after another: each packet gets the whole timeout.</summary>
    [Fact]
    public async Task NextBinaryPacket_TimedFromItsOwnHeader()
    {
        var time = new TestTimeProvider();
        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await StartWithClockAsync(time);
        var (client, socket) = await server.ConnectSocketAsync();
        socket.On("first", _ => default);
        socket.On("second", e =>
        {
            received.TrySetResult(Convert.ToHexString(e.GetBinary(0).Span));
            return default;
        });

        await client.SendAsync($$"""51-["first",{{Placeholder0}}]""");
        await client.SendBinaryAsync([1]);
        await time.WaitForTimerAsync(_attachmentTimeout);
        time.Advance(_attachmentTimeout / 2);
        await client.SendAsync($$"""51-["second",{{Placeholder0}}]""");
        await time.WaitForTimerAsync(_attachmentTimeout, count: 2);

        // Past the first packet's deadline, not the second's.
        time.Advance((_attachmentTimeout / 2) + _tick);
        Assert.DoesNotContain(server.Logs.Entries, static entry => entry.EventId.Name == "AttachmentTimeout");
        await client.SendBinaryAsync([2]);

        Assert.Equal("02", await received.Task.DefaultTimeout());
        await client.SyncAsync();
    }

    [Fact]
    public async Task NextBinaryPacket_UnfinishedAtItsOwnDeadline_Closed()
    {
        var time = new TestTimeProvider();
        await using var server = await StartWithClockAsync(time);
        var (client, socket) = await server.ConnectSocketAsync();
        socket.On("first", _ => default);

        await client.SendAsync($$"""51-["first",{{Placeholder0}}]""");
        await client.SendBinaryAsync([1]);
        await time.WaitForTimerAsync(_attachmentTimeout);
        time.Advance(_attachmentTimeout / 2);
        await client.SendAsync($$"""51-["second",{{Placeholder0}}]""");
        await time.WaitForTimerAsync(_attachmentTimeout, count: 2);

        time.Advance(_attachmentTimeout);

        Assert.Empty(await client.ReceiveUntilClosedAsync());
        Assert.Equal(SocketIoDisconnectReason.ParseError, await server.Sockets[socket.Id].DisconnectReasonAsync());
    }

    [Fact]
    public async Task AttachmentTimeout_Default30Seconds()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), new SocketIoOptions().AttachmentTimeout);
        var time = new TestTimeProvider();
        await using var server = await SocketIoTestServer.StartAsync(timeProvider: time);
        var (client, socket) = await server.ConnectSocketAsync();

        await client.SendAsync($$"""51-["e",{{Placeholder0}}]""");
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(30));
        time.Advance(TimeSpan.FromSeconds(30));

        Assert.Empty(await client.ReceiveUntilClosedAsync());
        Assert.Equal(SocketIoDisconnectReason.ParseError, await server.Sockets[socket.Id].DisconnectReasonAsync());
    }

    /// <summary>
    /// By default a packet's attachments together may hold what one Engine.IO message may: each attachment below the
    /// payload limit is not enough.
    /// </summary>
    [Fact]
    public async Task AttachmentsOverEnginePayloadLimitTogether_ClosedWithParseError()
    {
        await using var server = await SocketIoTestServer.StartAsync(engine: static o => o.MaxPayload = 1_000);
        var (client, socket) = await server.ConnectSocketAsync();
        socket.On("e", _ => throw new InvalidOperationException("The packet must not be delivered."));

        await client.SendAsync($$"""52-["e",{{Placeholder0}},{{Placeholder1}}]""");
        await client.SendBinaryAsync(new byte[600]);
        await client.SendBinaryAsync(new byte[401]);

        Assert.Empty(await client.ReceiveUntilClosedAsync());
        Assert.Equal(SocketIoDisconnectReason.ParseError, await server.Sockets[socket.Id].DisconnectReasonAsync());
        await server.Logs.WaitForAsync("AttachmentsTooLarge");
    }

    [Fact]
    public async Task AttachmentsUpToMaxAttachmentBytes_Delivered()
    {
        var received = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await SocketIoTestServer.StartAsync(options: static o => o.MaxAttachmentBytes = 10);
        var (client, socket) = await server.ConnectSocketAsync();
        socket.On("e", e =>
        {
            received.TrySetResult(e.GetBinary(0).Length + e.GetBinary(1).Length);
            return default;
        });

        await client.SendAsync($$"""52-["e",{{Placeholder0}},{{Placeholder1}}]""");
        await client.SendBinaryAsync(new byte[6]);
        await client.SendBinaryAsync(new byte[4]);

        Assert.Equal(10, await received.Task.DefaultTimeout());
    }

    [Fact]
    public async Task AttachmentsOverMaxAttachmentBytes_ClosedWithParseError()
    {
        await using var server = await SocketIoTestServer.StartAsync(options: static o => o.MaxAttachmentBytes = 10);
        var (client, socket) = await server.ConnectSocketAsync();

        await client.SendAsync($$"""52-["e",{{Placeholder0}},{{Placeholder1}}]""");
        await client.SendBinaryAsync(new byte[6]);
        await client.SendBinaryAsync(new byte[5]);

        Assert.Empty(await client.ReceiveUntilClosedAsync());
        Assert.Equal(SocketIoDisconnectReason.ParseError, await server.Sockets[socket.Id].DisconnectReasonAsync());
    }

    private static Task<SocketIoTestServer> StartWithClockAsync(TestTimeProvider time) =>
        SocketIoTestServer.StartAsync(options: static o => o.AttachmentTimeout = _attachmentTimeout, timeProvider: time);
}
