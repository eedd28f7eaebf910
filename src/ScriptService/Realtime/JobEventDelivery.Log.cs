namespace ScriptService.Realtime;

internal sealed partial class JobEventDelivery
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "A server-side {EventName} event from another server could not be read; it is dropped.", EventName = "UnreadableNotice")]
        public static partial void UnreadableNotice(ILogger logger, string eventName);
    }
}
