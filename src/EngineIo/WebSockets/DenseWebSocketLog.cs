using Microsoft.Extensions.Logging;

namespace EngineIo.WebSockets;

/// <summary>The dense WebSocket path's log messages, under the <c>EngineIo.WebSockets</c> category.</summary>
internal sealed partial class DenseWebSocketLog(ILogger logger)
{
    private readonly ILogger _logger = logger;

    [LoggerMessage(1, LogLevel.Debug, "Connection {ConnectionId}: WebSocket upgrade to {Path} served on the dense path.", EventName = "UpgradeTaken")]
    public partial void UpgradeTaken(string connectionId, string path);

    [LoggerMessage(2, LogLevel.Debug, "Connection {ConnectionId}: the endpoint refused the WebSocket upgrade with {StatusCode}.", EventName = "UpgradeRefused")]
    public partial void UpgradeRefused(string connectionId, int statusCode);

    [LoggerMessage(4, LogLevel.Debug, "Connection {ConnectionId}: no whole request head in time (head started: {HeadStarted}); closing it.", EventName = "HeadTimedOut")]
    public partial void HeadTimedOut(string connectionId, bool headStarted);

    [LoggerMessage(3, LogLevel.Error, "Connection {ConnectionId}: the Engine.IO endpoint failed.", EventName = "EndpointFailed")]
    public partial void EndpointFailed(string connectionId, Exception exception);
}
