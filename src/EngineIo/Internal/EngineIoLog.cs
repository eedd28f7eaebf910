using Microsoft.Extensions.Logging;

namespace EngineIo.Internal;

/// <summary>The Engine.IO log messages; one instance per endpoint.</summary>
internal sealed partial class EngineIoLog
{
    private readonly ILogger _logger;

    public EngineIoLog(ILogger logger) => _logger = logger;

    [LoggerMessage(1, LogLevel.Debug, "Session {Sid} opened over {Transport}.", EventName = "SessionOpened")]
    public partial void SessionOpened(string sid, string transport);

    [LoggerMessage(2, LogLevel.Debug, "Session {Sid} closed: {Reason}.", EventName = "SessionClosed")]
    public partial void SessionClosed(string sid, string reason);

    [LoggerMessage(3, LogLevel.Debug, "Refused request: {Error} ({Method} transport={Transport}).", EventName = "RequestRefused")]
    public partial void RequestRefused(string error, string method, string? transport);

    [LoggerMessage(4, LogLevel.Debug, "Session {Sid} upgraded to websocket.", EventName = "SessionUpgraded")]
    public partial void SessionUpgraded(string sid);

    [LoggerMessage(5, LogLevel.Debug, "Session {Sid}: the upgrade did not complete in time; closing the probe.", EventName = "UpgradeTimedOut")]
    public partial void UpgradeTimedOut(string sid);

    [LoggerMessage(6, LogLevel.Debug, "Session {Sid} sent a packet that could not be parsed.", EventName = "ParseError")]
    public partial void ParseError(string sid);

    [LoggerMessage(7, LogLevel.Debug, "Session {Sid} sent a ping; in protocol v4 only the server pings.", EventName = "InvalidHeartbeatDirection")]
    public partial void InvalidHeartbeatDirection(string sid);

    [LoggerMessage(8, LogLevel.Warning, "Session {Sid}: the client does not keep up with what is sent to it (at most {PacketLimit} packets and {ByteLimit} bytes may wait); closing it.", EventName = "OutboundQueueFull")]
    public partial void OutboundBufferFull(string sid, int packetLimit, int byteLimit);

    [LoggerMessage(9, LogLevel.Error, "Session {Sid}: the handler failed; closing the session.", EventName = "HandlerFailed")]
    public partial void HandlerFailed(string sid, Exception exception);

    [LoggerMessage(10, LogLevel.Debug, "Session {Sid}: transport failed.", EventName = "TransportFailed")]
    public partial void TransportFailed(string sid, Exception exception);

    [LoggerMessage(11, LogLevel.Debug, "Session {Sid}: a second GET arrived while one was pending; closing the session.", EventName = "PollOverlap")]
    public partial void PollOverlap(string sid);

    [LoggerMessage(12, LogLevel.Debug, "Session {Sid}: a message of more than {Limit} bytes; closing the session.", EventName = "PayloadTooLarge")]
    public partial void PayloadTooLarge(string sid, int limit);

    [LoggerMessage(14, LogLevel.Debug, "Session {Sid}: a POST body took longer than {Timeout} to arrive; closing the session.", EventName = "RequestBodyTimedOut")]
    public partial void RequestBodyTimedOut(string sid, TimeSpan timeout);

    [LoggerMessage(13, LogLevel.Information, "Closing {Count} Engine.IO sessions: the host is stopping.", EventName = "ShuttingDown")]
    public partial void ShuttingDown(int count);
}
