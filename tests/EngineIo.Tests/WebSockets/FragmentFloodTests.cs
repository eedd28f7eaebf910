using EngineIo.Tests.Infrastructure;

namespace EngineIo.Tests.WebSockets;

/// <summary>
/// ws CVE-2026-48779 and its maxFragments / maxBufferedChunks options: ws kept every fragment of a message (and every
/// chunk the socket delivered) as an object of its own until the message ended, so a message in tiny fragments cost
/// many times its size. Here both WebSocket paths copy each fragment's payload into the message's one buffer as it
/// arrives, and keep nothing per fragment: a message in a great many fragments, empty ones included, costs what its
/// payload does, and the payload limit counts across fragments.
/// </summary>
public sealed class FragmentFloodTests
{
    public static TheoryData<string> Paths => ["dense", "standard"];

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task MessageInOneByteFragments_DeliveredWhole(string path)
    {
        await using var server = await DenseTestServer.StartAsync();
        var (client, session) = await OpenAsync(server, path);
        using var connection = client;
        var text = "4" + string.Concat(Enumerable.Range(0, 20_000).Select(static i => (char)('a' + (i % 26))));

        using var wire = new MemoryStream();
        for (var i = 0; i < text.Length; i++)
        {
            wire.Write(ClientFrame.Build(i == 0 ? ClientFrame.OpText : ClientFrame.OpContinuation, [(byte)text[i]], fin: i == text.Length - 1));
        }

        await client.SendAsync(wire.ToArray());

        Assert.Equal(text[1..], (await session.NextMessageAsync()).Text);
        Assert.True(session.Socket.IsOpen);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task MessageWithAHundredThousandEmptyFragments_DeliveredWhole(string path)
    {
        await using var server = await DenseTestServer.StartAsync();
        var (client, session) = await OpenAsync(server, path);
        using var connection = client;
        var empty = ClientFrame.Build(ClientFrame.OpContinuation, [], fin: false);

        using var wire = new MemoryStream();
        wire.Write(ClientFrame.Text("4an", fin: false));
        for (var i = 0; i < 100_000; i++)
        {
            wire.Write(empty);
        }

        wire.Write(ClientFrame.Continue("d done"));
        await client.SendAsync(wire.ToArray());

        Assert.Equal("and done", (await session.NextMessageAsync()).Text);
        Assert.True(session.Socket.IsOpen);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task OverThePayloadLimitInTinyFragments_ClosedWith1009(string path)
    {
        await using var server = await DenseTestServer.StartAsync(options => options.MaxPayload = 1000);
        var (client, session) = await OpenAsync(server, path);
        using var connection = client;

        using var wire = new MemoryStream();
        wire.Write(ClientFrame.Text("4", fin: false));
        for (var i = 0; i < 1000; i++)
        {
            wire.Write(ClientFrame.Continue("x", fin: i == 999));
        }

        await client.SendAsync(wire.ToArray());

        Assert.Equal(1009, (await client.ReadFrameAsync()).CloseCode);
        Assert.Equal(EngineIoDisconnectReason.TransportError, await session.WaitClosedAsync());
        Assert.False(session.TryTakeMessage(out _));
    }

    private static async Task<(RawHttpConnection Client, SessionRecord Session)> OpenAsync(DenseTestServer server, string path)
    {
        var client = await RawHttpConnection.ConnectAsync(path == "dense" ? server.DensePort : server.StandardPort);
        var sid = await client.OpenWebSocketSessionAsync(DenseTestServer.Url());
        return (client, await server.Handler.SessionAsync(sid));
    }
}
