using System.IO.Pipelines;
using System.Net.WebSockets;
using EngineIo.WebSockets;
using Microsoft.AspNetCore.Connections;

namespace EngineIo.Tests.WebSockets;

/// <summary>
/// A <see cref="PipeWebSocket"/> on in-memory pipes: the test writes what a client sends into <see cref="Inbound"/> and
/// reads what the server sent from <see cref="Outbound"/>.
/// </summary>
public sealed class PipeWebSocketHarness
{
    /// <param name="maxMessageSize">The largest message the socket takes.</param>
    /// <param name="outboundOptions">The server-to-client pipe's options (its pause threshold, say).</param>
    /// <param name="waitForInput">
    /// Whether each message starts as the Engine.IO transport starts it on the dense path: with
    /// <see cref="PipeWebSocket.WaitForInputAsync"/>, its read then handed to the zero-byte receive.
    /// </param>
    public PipeWebSocketHarness(int maxMessageSize = 1 << 20, PipeOptions? outboundOptions = null, bool waitForInput = false)
    {
        _waitForInput = waitForInput;
        Inbound = new Pipe(new PipeOptions(useSynchronizationContext: false));
        Outbound = new Pipe(outboundOptions ?? new PipeOptions(useSynchronizationContext: false));
        Connection = new DefaultConnectionContext("test", new DuplexPipe(Inbound.Reader, Outbound.Writer), new DuplexPipe(Outbound.Reader, Inbound.Writer));
        Socket = new PipeWebSocket(Connection, maxMessageSize);
    }

    private readonly bool _waitForInput;

    /// <summary>Client to server.</summary>
    public Pipe Inbound { get; }

    /// <summary>Server to client.</summary>
    public Pipe Outbound { get; }

    public DefaultConnectionContext Connection { get; }

    internal PipeWebSocket Socket { get; }

    public async Task SendFromClientAsync(ReadOnlyMemory<byte> bytes)
    {
        await Inbound.Writer.WriteAsync(bytes);
    }

    /// <summary>
    /// Feeds <paramref name="stream"/> in two writes cut at <paramref name="split"/>, receiving all the while (the receive
    /// starts on the first part alone), then ends the client's side, and returns what the server made of it.
    /// </summary>
    public async Task<SplitRun> RunSplitAsync(byte[] stream, int split, int readSize)
    {
        // The first write completes at once unless it is over the pipe's pause threshold; then the receive drains it.
        var first = Inbound.Writer.WriteAsync(stream.AsMemory(0, split));
        var receiving = ReceiveAllAsync(readSize);
        await first;
        await SendFromClientAsync(stream.AsMemory(split));
        await Inbound.Writer.CompleteAsync();
        var outcome = await receiving.DefaultTimeout();
        var (frames, closed) = ServerOutput();
        return new SplitRun(outcome, frames, closed, Socket.State);
    }

    /// <summary>What the server wrote so far, and whether it closed the connection (completed its output).</summary>
    public (List<ServerFrame> Frames, bool Closed) ServerOutput() => ServerFrame.ReadAvailable(Outbound.Reader);

    /// <summary>
    /// Receives as the Engine.IO transport does (a zero-byte receive that must report the next message's type, then
    /// reads of <paramref name="readSize"/> bytes) until a close or a failure, or until the client's bytes run out.
    /// </summary>
    public async Task<ReceiveOutcome> ReceiveAllAsync(int readSize)
    {
        var messages = new List<WireMessage>();
        var buffer = new byte[readSize];
        try
        {
            while (true)
            {
                var peek = _waitForInput
                    ? await Socket.ReceiveAsync(Memory<byte>.Empty, await Socket.WaitForInputAsync(), CancellationToken.None)
                    : await Socket.ReceiveAsync(Memory<byte>.Empty, CancellationToken.None);
                Assert.Equal(0, peek.Count);
                if (peek.MessageType == WebSocketMessageType.Close)
                {
                    return new ReceiveOutcome(messages, Closed: true, Error: null, Socket.CloseStatus, Socket.CloseStatusDescription);
                }

                var data = new List<byte>();
                var endOfMessage = peek.EndOfMessage;
                while (!endOfMessage)
                {
                    var result = await Socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        // A close may come between the fragments of a message, which then never completes.
                        return new ReceiveOutcome(messages, Closed: true, Error: null, Socket.CloseStatus, Socket.CloseStatusDescription);
                    }

                    Assert.Equal(peek.MessageType, result.MessageType);
                    data.AddRange(buffer.AsSpan(0, result.Count));
                    endOfMessage = result.EndOfMessage;
                }

                messages.Add(new WireMessage(peek.MessageType, [.. data]));
            }
        }
        catch (WebSocketException ex)
        {
            return new ReceiveOutcome(messages, Closed: false, ex.WebSocketErrorCode, Socket.CloseStatus, Socket.CloseStatusDescription);
        }
    }

    private sealed record DuplexPipe(PipeReader Input, PipeWriter Output) : IDuplexPipe;
}

public sealed record WireMessage(WebSocketMessageType Type, byte[] Data)
{
    public override string ToString() => $"{Type}:{Convert.ToHexString(Data)}";
}

/// <summary>One run of <see cref="PipeWebSocketHarness.RunSplitAsync"/>: what was received, what the server wrote, and how it ended.</summary>
public sealed record SplitRun(ReceiveOutcome Outcome, List<ServerFrame> Frames, bool ConnectionClosed, WebSocketState State)
{
    public override string ToString() => $"{Outcome} frames=[{string.Join(", ", Frames)}] connectionClosed={ConnectionClosed} state={State}";
}

/// <summary>What a run of receives saw: the messages, then a close (with its status) or an error.</summary>
public sealed record ReceiveOutcome(List<WireMessage> Messages, bool Closed, WebSocketError? Error, WebSocketCloseStatus? CloseStatus, string? CloseDescription)
{
    public override string ToString() =>
        $"[{string.Join(", ", Messages)}] closed={Closed} error={Error} status={CloseStatus} \"{CloseDescription}\"";
}
