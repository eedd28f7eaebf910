using System.Net.WebSockets;
using System.Text;

namespace EngineIo.Tests.WebSockets;

/// <summary>
/// A client byte stream and what the server must make of it, whatever the cut: the messages received, how the run
/// ends (the client's bytes run out, a close, or a failure), the frames the server writes, and whether it closes the
/// connection.
/// </summary>
public sealed record FrameScenario(
    byte[] Stream,
    WireMessage[] Messages,
    WebSocketError? Error,
    WebSocketCloseStatus? CloseStatus,
    string? CloseDescription,
    (int Opcode, byte[] Payload)[] Frames,
    bool ConnectionClosed,
    WebSocketState State,
    int MaxMessageSize = 1 << 20)
{
    /// <summary>Valid traffic: the messages arrive, then the client's bytes run out without a close.</summary>
    public static FrameScenario Ok(byte[] stream, WireMessage[] messages, params (int, byte[])[] frames) =>
        new(stream, messages, WebSocketError.ConnectionClosedPrematurely, null, null, frames, ConnectionClosed: false, WebSocketState.Aborted);

    /// <summary>The client breaks a rule: a close frame with <paramref name="code"/>, the connection closed, the receive failed.</summary>
    public static FrameScenario Fails(byte[] stream, int code, params WireMessage[] messages) =>
        new(stream, messages, WebSocketError.Faulted, null, null, [(ClientFrame.OpClose, CloseCode(code))], ConnectionClosed: true, WebSocketState.Aborted);

    /// <summary>The client closes: its status is reported, the server answers with <paramref name="echo"/>, the connection closes.</summary>
    public static FrameScenario Closes(byte[] stream, WebSocketCloseStatus status, string description, byte[] echo, params WireMessage[] messages) =>
        new(stream, messages, null, status, description, [(ClientFrame.OpClose, echo)], ConnectionClosed: true, WebSocketState.Closed);

    public static WireMessage TextMessage(string text) => new(WebSocketMessageType.Text, Encoding.UTF8.GetBytes(text));

    public static WireMessage BinaryMessage(params byte[] data) => new(WebSocketMessageType.Binary, data);

    public static byte[] CloseCode(int code) => [(byte)(code >> 8), (byte)code];

    /// <summary>Checks one run against the expectation; <paramref name="context"/> names the cut in the failure.</summary>
    public void Verify(SplitRun run, string context)
    {
        var expected = $"[{string.Join(", ", Messages.Select(m => m.ToString()))}] error={Error} status={CloseStatus} \"{CloseDescription}\" " +
            $"frames=[{string.Join(", ", Frames.Select(f => $"{f.Opcode:X}:{Convert.ToHexString(f.Payload)}"))}] connectionClosed={ConnectionClosed} state={State}";
        var actual = $"[{string.Join(", ", run.Outcome.Messages.Select(m => m.ToString()))}] error={run.Outcome.Error} status={run.Outcome.CloseStatus} \"{run.Outcome.CloseDescription}\" " +
            $"frames=[{string.Join(", ", run.Frames.Select(f => $"{f.Opcode:X}:{Convert.ToHexString(f.Payload)}"))}] connectionClosed={run.ConnectionClosed} state={run.State}";
        Assert.True(expected == actual, $"{context}{Environment.NewLine}expected: {expected}{Environment.NewLine}actual:   {actual}");
        Assert.Equal(run.Outcome.Closed, Error is null);
        Assert.All(run.Frames, f => Assert.True(f.Fin, "Server control frames are never fragmented."));
    }
}
