using Microsoft.Extensions.Logging;

namespace SocketIo.Redis.Internal;

internal sealed partial class RedisStreamsAdapter
{
    private static partial class Log
    {
        [LoggerMessage(41, LogLevel.Warning, "Subscribing to the channels of namespace {Namespace} failed; it is retried when Redis reconnects.", EventName = "StreamsSubscribeFailed")]
        public static partial void SubscribeFailed(ILogger logger, string @namespace, Exception exception);

        [LoggerMessage(42, LogLevel.Debug, "A message from {Source} could not be read and was ignored: {Reason}", EventName = "StreamsMalformedMessage")]
        public static partial void MalformedMessage(ILogger logger, string source, string reason);

        [LoggerMessage(43, LogLevel.Warning, "A message from {Source} could not be handled.", EventName = "StreamsMessageFailed")]
        public static partial void MessageFailed(ILogger logger, string source, Exception exception);

        [LoggerMessage(44, LogLevel.Warning, "Restoring a session of namespace {Namespace} failed; the client gets a new session.", EventName = "StreamsRestoreFailed")]
        public static partial void RestoreFailed(ILogger logger, string @namespace, Exception exception);

        [LoggerMessage(45, LogLevel.Information, "A client of namespace {Namespace} missed more than {Max} packets; it gets a new session rather than part of them.", EventName = "StreamsTooManyMissed")]
        public static partial void TooManyMissed(ILogger logger, string @namespace, int max);

        [LoggerMessage(46, LogLevel.Warning, "A session of namespace {Namespace} could not be written (its data is not JSON); its client will not be recovered.", EventName = "StreamsPersistFailed")]
        public static partial void PersistFailed(ILogger logger, string @namespace, Exception exception);

        [LoggerMessage(47, LogLevel.Debug, "A request to namespace {Namespace} is carried out before this server has read the stream up to it.", EventName = "StreamsCatchUpFailed")]
        public static partial void CatchUpFailed(ILogger logger, string @namespace, Exception exception);

        [LoggerMessage(48, LogLevel.Debug, "A session of namespace {Namespace} is restored before this server has delivered the stream up to where the restore read it; a packet may reach the client twice.", EventName = "StreamsRestoreCatchUpFailed")]
        public static partial void RestoreCatchUpFailed(ILogger logger, string @namespace, Exception exception);
    }
}
