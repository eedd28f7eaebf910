using SocketIo.Tests.Infrastructure;

namespace SocketIo.Tests.Binary;

/// <summary>
/// Binary attachments both ways: a BINARY_EVENT or BINARY_ACK header <c>5N-…</c> / <c>6N-…</c> with numbered
/// placeholders, followed by N binary frames holding exactly the raw bytes, in placeholder order.
/// </summary>
public sealed class BinaryEventTests
{
    private const string Placeholder0 = """{"_placeholder":true,"num":0}""";
    private const string Placeholder1 = """{"_placeholder":true,"num":1}""";

    [Fact]
    public async Task ClientBinaryEvent_HandlerGetsTheBytes()
    {
        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await SocketIoTestServer.StartAsync();
        var (client, socket) = await server.ConnectSocketAsync();
        socket.On("upload", e =>
        {
            received.TrySetResult(
                $"{e.Count} {e.IsBinary(0)} {Convert.ToHexString(e.GetBinary(0).Span)} {Convert.ToHexString(e.Get<byte[]>(0)!)} {e.Attachments.Count} {e.IsBinary(1)}");
            return default;
        });

        await client.SendAsync($$"""51-["upload",{{Placeholder0}},"name"]""");
        await client.SendBinaryAsync([1, 2, 3]);

        Assert.Equal("2 True 010203 010203 1 False", await received.Task.DefaultTimeout());
    }

    [Fact]
    public async Task ClientBinaryEvent_PlaceholdersOutOfOrder_ResolvedByNumber()
    {
        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await SocketIoTestServer.StartAsync();
        var (client, socket) = await server.ConnectSocketAsync();
        socket.On("e", e =>
        {
            received.TrySetResult($"{Convert.ToHexString(e.GetBinary(0).Span)} {Convert.ToHexString(e.GetBinary(1).Span)}");
            return default;
        });

        await client.SendAsync($$"""52-["e",{{Placeholder1}},{{Placeholder0}}]""");
        await client.SendBinaryAsync([0xaa]);
        await client.SendBinaryAsync([0xbb]);

        Assert.Equal("BB AA", await received.Task.DefaultTimeout());
    }

    [Fact]
    public async Task ClientBinaryEvent_NotBinaryArgument_GetBinaryThrows()
    {
        var received = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await SocketIoTestServer.StartAsync();
        var (client, socket) = await server.ConnectSocketAsync();
        socket.On("e", e =>
        {
            received.TrySetResult(Record.Exception(() => e.GetBinary(1)));
            return default;
        });

        await client.SendAsync($$"""51-["e",{{Placeholder0}},"text"]""");
        await client.SendBinaryAsync([1]);

        Assert.IsType<InvalidOperationException>(await received.Task.DefaultTimeout());
    }

    [Fact]
    public async Task ClientBinaryInsideObject_DeserializedIntoByteArrayMember()
    {
        var received = new TaskCompletionSource<FileChunk?>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await SocketIoTestServer.StartAsync(options: TestJsonContext.Configure);
        var (client, socket) = await server.ConnectSocketAsync();
        socket.On<FileChunk>("file", (chunk, _) =>
        {
            received.TrySetResult(chunk);
            return default;
        });

        await client.SendAsync($$"""51-["file",{"name":"a.txt","data":{{Placeholder0}}}]""");
        await client.SendBinaryAsync([9, 8]);

        var chunk = await received.Task.DefaultTimeout();
        Assert.Equal("a.txt", chunk!.Name);
        Assert.Equal([9, 8], chunk.Data);
    }

    [Fact]
    public async Task ClientBinaryEvent_EchoedBack_SameFramesAsTheReference()
    {
        await using var server = await SocketIoTestServer.StartAsync();
        var (client, socket) = await server.ConnectSocketAsync();
        socket.On("message", static e => e.Socket.EmitAsync("message-back", e.GetBinary(0).ToArray(), e.GetBinary(1).ToArray()));

        await client.SendAsync($$"""52-["message",{{Placeholder0}},{{Placeholder1}}]""");
        await client.SendBinaryAsync([1, 2, 3]);
        await client.SendBinaryAsync([4, 5, 6]);

        Assert.Equal($$"""52-["message-back",{{Placeholder0}},{{Placeholder1}}]""", await client.ReceiveAsync());
        Assert.Equal([1, 2, 3], await client.ReceiveBinaryAsync());
        Assert.Equal([4, 5, 6], await client.ReceiveBinaryAsync());
    }

    [Fact]
    public async Task ClientBinaryEvent_CustomNamespace()
    {
        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await SocketIoTestServer.StartAsync(static io => io.Of("/chat"));
        var (client, socket) = await server.ConnectSocketAsync("/chat");
        socket.On("e", e =>
        {
            received.TrySetResult(Convert.ToHexString(e.GetBinary(0).Span));
            return default;
        });

        await client.SendAsync($$"""51-/chat,["e",{{Placeholder0}}]""");
        await client.SendBinaryAsync([7]);

        Assert.Equal("07", await received.Task.DefaultTimeout());
    }

    [Fact]
    public async Task ServerEmitsByteArray_BinaryEventThenAttachment()
    {
        await using var server = await SocketIoTestServer.StartAsync();
        var (client, socket) = await server.ConnectSocketAsync();

        await socket.EmitAsync("file", new byte[] { 1, 2 }, "name");

        Assert.Equal($$"""51-["file",{{Placeholder0}},"name"]""", await client.ReceiveAsync());
        Assert.Equal([1, 2], await client.ReceiveBinaryAsync());
    }

    [Fact]
    public async Task ServerEmitsObjectWithBytes_PlaceholderInsideObject()
    {
        await using var server = await SocketIoTestServer.StartAsync(static io => io.Of("/chat"), options: TestJsonContext.Configure);
        var (client, socket) = await server.ConnectSocketAsync("/chat");

        await socket.EmitAsync("chunk", new FileChunk("a.txt", [0xcc]), new byte[] { 0xdd });

        Assert.Equal($$"""52-/chat,["chunk",{"name":"a.txt","data":{{Placeholder0}}},{{Placeholder1}}]""", await client.ReceiveAsync());
        Assert.Equal([0xcc], await client.ReceiveBinaryAsync());
        Assert.Equal([0xdd], await client.ReceiveBinaryAsync());
    }

    [Fact]
    public async Task ServerAcksWithBytes_BinaryAckThenAttachment()
    {
        await using var server = await SocketIoTestServer.StartAsync();
        var (client, socket) = await server.ConnectSocketAsync();
        socket.On("upload", static e => e.AckAsync(e.GetBinary(0).ToArray(), new Dictionary<string, object?> { ["k"] = new[] { 1 } }));

        await client.SendAsync($$"""51-789["upload",{{Placeholder0}}]""");
        await client.SendBinaryAsync([0xcc]);

        Assert.Equal($$"""61-789[{{Placeholder0}},{"k":[1]}]""", await client.ReceiveAsync());
        Assert.Equal([0xcc], await client.ReceiveBinaryAsync());
    }

    [Fact]
    public async Task ClientAcksWithBytes_ResponseHoldsTheBytes()
    {
        await using var server = await SocketIoTestServer.StartAsync();
        var (client, socket) = await server.ConnectSocketAsync();

        var pending = socket.EmitWithAckAsync("q", Timeout.InfiniteTimeSpan);
        Assert.Equal("""20["q"]""", await client.ReceiveAsync());
        await client.SendAsync($$"""61-0[{{Placeholder0}},"x"]""");
        await client.SendBinaryAsync([5, 6]);

        var response = await pending.DefaultTimeout();
        Assert.True(response.IsBinary(0));
        Assert.Equal([5, 6], response.GetBinary(0).ToArray());
        Assert.Equal([5, 6], response.Get<byte[]>(0));
        Assert.Equal("x", response.Get<string>(1));
    }
}
