using Microsoft.Extensions.Logging;

namespace SocketIo.Internal;

/// <summary>The Socket.IO log messages.</summary>
internal sealed partial class SocketIoLog
{
    private readonly ILogger _logger;

    public SocketIoLog(ILogger logger) => _logger = logger;

    [LoggerMessage(1, LogLevel.Debug, "Socket {SocketId} connected to {Namespace}.", EventName = "SocketConnected")]
    public partial void SocketConnected(string socketId, string @namespace);

    [LoggerMessage(2, LogLevel.Debug, "Socket {SocketId} left {Namespace}: {Reason}.", EventName = "SocketDisconnected")]
    public partial void SocketDisconnected(string socketId, string @namespace, string reason);

    [LoggerMessage(3, LogLevel.Debug, "Connection {Sid} sent a packet that could not be parsed; closing it.", EventName = "ParseError")]
    public partial void ParseError(string sid);

    [LoggerMessage(4, LogLevel.Debug, "Connection {Sid} joined no namespace in time; closing it.", EventName = "ConnectTimeout")]
    public partial void ConnectTimeout(string sid);

    [LoggerMessage(5, LogLevel.Debug, "A connection to {Namespace} was refused: {Message}.", EventName = "ConnectRefused")]
    public partial void ConnectRefused(string @namespace, string message);

    [LoggerMessage(6, LogLevel.Error, "A middleware of {Namespace} failed; the connection was refused.", EventName = "MiddlewareFailed")]
    public partial void MiddlewareFailed(string @namespace, Exception exception);

    [LoggerMessage(7, LogLevel.Error, "The {Event} handler of {Namespace} failed.", EventName = "HandlerFailed")]
    public partial void HandlerFailed(string @namespace, string @event, Exception exception);

    [LoggerMessage(8, LogLevel.Debug, "Connection {Sid} did not send the attachments of a binary packet in time; closing it.", EventName = "AttachmentTimeout")]
    public partial void AttachmentTimeout(string sid);

    [LoggerMessage(9, LogLevel.Debug, "Connection {Sid} sent attachments over {MaxBytes} bytes for one packet; closing it.", EventName = "AttachmentsTooLarge")]
    public partial void AttachmentsTooLarge(string sid, int maxBytes);

    [LoggerMessage(10, LogLevel.Debug, "The {Event} event of socket {SocketId} on {Namespace} was dropped: {Reason}", EventName = "ArgumentsRejected")]
    public partial void ArgumentsRejected(string @namespace, string @event, string socketId, string reason);

    [LoggerMessage(11, LogLevel.Debug, "Connection {Sid} has {Count} handlers in progress; its packets wait until one finishes.", EventName = "HandlersAtLimit")]
    public partial void HandlersAtLimit(string sid, int count);
}
