using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace SocketIo.Tests.Infrastructure;

/// <summary>
/// A raw Socket.IO client over one <see cref="ClientWebSocket"/>: it sends and receives Engine.IO frames exactly as
/// written, so that tests assert the wire. A background loop reads every frame into a queue and answers pings
/// (<c>2</c> → <c>3</c>) unless told not to.
/// </summary>
public sealed class SocketIoTestClient : IAsyncDisposable
{
    /// <summary>A namespace no test serves: connecting to it is answered in order, which makes a barrier.</summary>
    public const string BarrierNamespace = "/~barrier";

    private readonly ClientWebSocket _socket;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly Channel<EngineFrame> _frames = Channel.CreateUnbounded<EngineFrame>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _receiving;
    private volatile bool _answerPings;

    private SocketIoTestClient(ClientWebSocket socket, bool answerPings)
    {
        _socket = socket;
        _answerPings = answerPings;
        _receiving = ReceiveLoopAsync();
    }

    /// <summary>The Engine.IO session id from the open packet.</summary>
    public string EngineId { get; private set; } = null!;

    /// <summary>Answer pings automatically (the default). When false, pings are queued like any other frame.</summary>
    public bool AnswerPings
    {
        get => _answerPings;
        set => _answerPings = value;
    }

    public WebSocketState State => _socket.State;

    /// <summary>Opens an Engine.IO session over WebSocket at <paramref name="path"/> and reads its open packet.</summary>
    public static async Task<SocketIoTestClient> ConnectAsync(Uri baseAddress, string path = SocketIoTestServer.Path, bool answerPings = true)
    {
        var socket = new ClientWebSocket();
        var uri = new UriBuilder(baseAddress) { Scheme = "ws", Path = path + "/", Query = "EIO=4&transport=websocket" }.Uri;
        await socket.ConnectAsync(uri, CancellationToken.None).DefaultTimeout();
        var client = new SocketIoTestClient(socket, answerPings);
        var open = await client.ReceiveFrameAsync();
        Assert.False(open.IsBinary);
        Assert.True(open.Text.StartsWith('0'), $"Expected the open packet, got \"{open.Text}\".");
        using var json = JsonDocument.Parse(open.Text.AsMemory(1));
        client.EngineId = json.RootElement.GetProperty("sid").GetString()!;
        return client;
    }

    /// <summary>Sends a Socket.IO packet as an Engine.IO message: <c>4</c> + <paramref name="packet"/>.</summary>
    public Task SendAsync(string packet) => SendFrameAsync("4" + packet);

    /// <summary>Sends one text frame as it is (an Engine.IO packet of any type).</summary>
    public Task SendFrameAsync(string text) =>
        SendCoreAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text).DefaultTimeout();

    /// <summary>Sends one binary frame: a binary attachment.</summary>
    public Task SendBinaryAsync(byte[] data) => SendCoreAsync(data, WebSocketMessageType.Binary).DefaultTimeout();

    /// <summary>The next frame the server sent (pings excluded while <see cref="AnswerPings"/> is on).</summary>
    public async Task<EngineFrame> ReceiveFrameAsync([CallerFilePath] string? filePath = null, [CallerLineNumber] int lineNumber = 0)
    {
        var next = await _frames.Reader.WaitToReadAsync().AsTask().DefaultTimeout(filePath, lineNumber);
        if (!next || !_frames.Reader.TryRead(out var frame))
        {
            Assert.Fail($"The server closed the connection while {Path.GetFileName(filePath)}:{lineNumber} expected a frame.");
            return null!;
        }

        return frame;
    }

    /// <summary>The next Socket.IO packet: an Engine.IO message, returned without its <c>4</c>.</summary>
    public async Task<string> ReceiveAsync([CallerFilePath] string? filePath = null, [CallerLineNumber] int lineNumber = 0)
    {
        var frame = await ReceiveFrameAsync(filePath, lineNumber);
        Assert.False(frame.IsBinary, $"Expected a text packet, got {frame.Data.Length} binary bytes.");
        Assert.True(frame.Text.StartsWith('4'), $"Expected an Engine.IO message, got \"{frame.Text}\".");
        return frame.Text[1..];
    }

    /// <summary>The next frame, which must be a binary attachment.</summary>
    public async Task<byte[]> ReceiveBinaryAsync([CallerFilePath] string? filePath = null, [CallerLineNumber] int lineNumber = 0)
    {
        var frame = await ReceiveFrameAsync(filePath, lineNumber);
        Assert.True(frame.IsBinary, $"Expected a binary frame, got \"{frame.Text}\".");
        return frame.Data;
    }

    /// <summary>
    /// Joins a namespace (<c>0[/nsp,][auth]</c>), checks that the answer is exactly <c>0[/nsp,]{"sid":"…"}</c>, and
    /// returns the socket id.
    /// </summary>
    public async Task<string> ConnectNamespaceAsync(string nsp = "/", string? auth = null)
    {
        var prefix = NamespacePrefix(nsp);
        await SendAsync("0" + prefix + auth);
        var answer = await ReceiveAsync();
        Assert.StartsWith("0" + prefix + "{", answer);
        using var json = JsonDocument.Parse(answer.AsMemory(1 + prefix.Length));
        Assert.Equal(["sid"], json.RootElement.EnumerateObject().Select(static property => property.Name));
        return json.RootElement.GetProperty("sid").GetString()!;
    }

    /// <summary>
    /// A barrier: the server reads a connection's packets in order and answers a CONNECT to an unknown namespace at
    /// once, so when that answer arrives every packet sent before has been read, and every handler that did not await
    /// has run. It must be the very next packet: anything the server sent in the meantime fails the check.
    /// </summary>
    public async Task SyncAsync([CallerFilePath] string? filePath = null, [CallerLineNumber] int lineNumber = 0)
    {
        await SendAsync("0" + BarrierNamespace + ",");
        var next = await ReceiveAsync(filePath, lineNumber);
        Assert.Equal("4" + BarrierNamespace + ",{\"message\":\"Invalid namespace\"}", next);
    }

    /// <summary>Checks that the server sent nothing since the last packet read (see <see cref="SyncAsync"/>).</summary>
    public Task AssertNothingReceivedAsync([CallerFilePath] string? filePath = null, [CallerLineNumber] int lineNumber = 0) =>
        SyncAsync(filePath, lineNumber);

    /// <summary>
    /// Checks that the server has ended (or is ending) the connection, and returns the frames that came before the end.
    /// It sends a barrier (see <see cref="SyncAsync"/>) first: if the barrier is answered, the connection outlived
    /// everything sent before it, and the check fails at once instead of waiting for a close that will not come.
    /// </summary>
    public async Task<List<EngineFrame>> AssertClosedAsync([CallerFilePath] string? filePath = null, [CallerLineNumber] int lineNumber = 0)
    {
        try
        {
            await SendAsync("0" + BarrierNamespace + ",");
        }
        catch (Exception ex) when (ex is WebSocketException or InvalidOperationException or ObjectDisposedException)
        {
            // Closed already.
        }

        var frames = new List<EngineFrame>();
        while (await _frames.Reader.WaitToReadAsync().AsTask().DefaultTimeout(filePath, lineNumber))
        {
            while (_frames.Reader.TryRead(out var frame))
            {
                if (!frame.IsBinary && frame.Text == "44" + BarrierNamespace + ",{\"message\":\"Invalid namespace\"}")
                {
                    Assert.Fail($"The connection is still open ({Path.GetFileName(filePath)}:{lineNumber}); before the barrier came: [{string.Join(", ", frames)}].");
                }

                frames.Add(frame);
            }
        }

        return frames;
    }

    /// <summary>Reads until the server ends the connection; returns the frames that came before the end.</summary>
    public Task<List<EngineFrame>> ReceiveUntilClosedAsync([CallerFilePath] string? filePath = null, [CallerLineNumber] int lineNumber = 0) =>
        ReadRemainingAsync().DefaultTimeout(filePath, lineNumber);

    /// <summary>Closes from the client side (a close frame) and waits until the closing handshake is over.</summary>
    public async Task CloseAsync()
    {
        await _sendLock.WaitAsync().DefaultTimeout();
        try
        {
            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).DefaultTimeout();
        }
        finally
        {
            _sendLock.Release();
        }

        await _receiving.DefaultTimeout();
    }

    /// <summary>Drops the TCP connection without a closing handshake.</summary>
    public void Abort() => _socket.Abort();

    public async ValueTask DisposeAsync()
    {
        _socket.Abort();
        await _receiving;
        _socket.Dispose();
        _sendLock.Dispose();
    }

    public static string NamespacePrefix(string nsp) => nsp == "/" ? "" : nsp + ",";

    private async Task<List<EngineFrame>> ReadRemainingAsync()
    {
        var frames = new List<EngineFrame>();
        await foreach (var frame in _frames.Reader.ReadAllAsync())
        {
            frames.Add(frame);
        }

        return frames;
    }

    private async Task SendCoreAsync(byte[] data, WebSocketMessageType type)
    {
        await _sendLock.WaitAsync();
        try
        {
            await _socket.SendAsync(data, type, endOfMessage: true, CancellationToken.None);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[8192];
        using var message = new MemoryStream();
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await CompleteCloseAsync();
                    return;
                }

                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage)
                {
                    continue;
                }

                var frame = new EngineFrame(result.MessageType == WebSocketMessageType.Binary, message.ToArray());
                message.SetLength(0);
                if (!frame.IsBinary && frame.Text == "2" && _answerPings)
                {
                    await SendCoreAsync("3"u8.ToArray(), WebSocketMessageType.Text);
                    continue;
                }

                _frames.Writer.TryWrite(frame);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The connection dropped (or the test aborted it): the queue ends here.
        }
        finally
        {
            _frames.Writer.TryComplete();
        }
    }

    /// <summary>The server sent its close frame: answer it, as a well-behaved client does.</summary>
    private async Task CompleteCloseAsync()
    {
        if (_socket.State != WebSocketState.CloseReceived)
        {
            return;
        }

        await _sendLock.WaitAsync();
        try
        {
            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        }
        catch (Exception ex) when (ex is WebSocketException or InvalidOperationException)
        {
        }
        finally
        {
            _sendLock.Release();
        }
    }
}

/// <summary>One WebSocket message from the server: an Engine.IO text packet, or a binary attachment.</summary>
public sealed record EngineFrame(bool IsBinary, byte[] Data)
{
    public string Text => Encoding.UTF8.GetString(Data);

    public override string ToString() => IsBinary ? $"<bin {Convert.ToHexString(Data)}>" : Text;
}
