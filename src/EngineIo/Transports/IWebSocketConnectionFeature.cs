namespace EngineIo.Transports;

/// <summary>
/// A request feature that accepts the WebSocket request as an <see cref="IWebSocketConnection"/> directly. The dense
/// path sets it on the requests it serves; a request without it is accepted through <c>HttpContext.WebSockets</c>
/// (<see cref="StandardWebSocketConnection"/>).
/// </summary>
internal interface IWebSocketConnectionFeature
{
    /// <summary>Answers the upgrade (101) and returns the connection; once per request.</summary>
    Task<IWebSocketConnection> AcceptAsync();
}
