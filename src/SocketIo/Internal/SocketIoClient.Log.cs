using Microsoft.Extensions.Logging;

namespace SocketIo.Internal;

internal sealed partial class SocketIoClient
{
    private static partial class Log
    {
        [LoggerMessage(3, LogLevel.Debug, "Connection {Sid} sent a packet that could not be parsed; closing it.", EventName = "ParseError")]
        public static partial void ParseError(ILogger logger, string sid);

        [LoggerMessage(4, LogLevel.Debug, "Connection {Sid} joined no namespace in time; closing it.", EventName = "ConnectTimeout")]
        public static partial void ConnectTimeout(ILogger logger, string sid);

        [LoggerMessage(8, LogLevel.Debug, "Connection {Sid} did not send the attachments of a binary packet in time; closing it.", EventName = "AttachmentTimeout")]
        public static partial void AttachmentTimeout(ILogger logger, string sid);

        [LoggerMessage(9, LogLevel.Debug, "Connection {Sid} sent attachments over {MaxBytes} bytes for one packet; closing it.", EventName = "AttachmentsTooLarge")]
        public static partial void AttachmentsTooLarge(ILogger logger, string sid, int maxBytes);

        [LoggerMessage(11, LogLevel.Debug, "Connection {Sid} has {Count} handlers in progress; its packets wait until one finishes.", EventName = "HandlersAtLimit")]
        public static partial void HandlersAtLimit(ILogger logger, string sid, int count);

        [LoggerMessage(16, LogLevel.Debug, "Connection {Sid} joined a namespace whose connection handlers have not all started; its packets wait until they have.", EventName = "WaitingForConnectionHandlers")]
        public static partial void WaitingForConnectionHandlers(ILogger logger, string sid);
    }
}
