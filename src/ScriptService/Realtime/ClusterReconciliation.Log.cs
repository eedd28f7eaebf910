namespace ScriptService.Realtime;

internal sealed partial class ClusterReconciliation
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "The cluster's messages are back after an outage of Redis: the results this node's sockets wait for are replayed from the store, and the other nodes are asked to do the same.", EventName = "SubscriptionsRestored")]
        public static partial void SubscriptionsRestored(ILogger logger);

        [LoggerMessage(2, LogLevel.Information, "Reconciled the {Jobs} jobs this node's sockets wait for: {Delivered} results delivered that had been lost, {Unreadable} jobs not readable now.", EventName = "Reconciled")]
        public static partial void Reconciled(ILogger logger, int jobs, int delivered, int unreadable);
    }
}
