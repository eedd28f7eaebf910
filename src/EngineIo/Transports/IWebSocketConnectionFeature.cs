namespace EngineIo.Transports;

/// <summary>
/// A request feature that accepts the WebSocket request as an <see cref="IWebSocketConnection"/> directly. The dense
/// path sets it on the requests it serves; a request without it is accepted through <c>HttpContext.WebSockets</c>
/// (<see cref="StandardWebSocketConnection"/>).
/// </summary>
internal interface IWebSocketConnectionFeature
{
    /// <summary>
    /// Answers the upgrade (101) and returns the connection; once per request. Without <paramref name="flush"/> the 101
    /// waits in the connection's buffer for the first frame's flush: when the server speaks first (the open packet), both
    /// leave in one send. An upgrade flushes it, as its client waits for the 101 before it sends a frame.
    /// </summary>
    Task<IWebSocketConnection> AcceptAsync(bool flush);
}
