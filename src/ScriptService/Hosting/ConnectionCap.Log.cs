namespace ScriptService.Hosting;

internal sealed partial class ConnectionCap
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "At most {Limit} connections at once (descriptor limit {DescriptorLimit}, {Reserve} kept in reserve).", EventName = "ConnectionCapSet")]
        public static partial void ConnectionCapSet(ILogger logger, int limit, long descriptorLimit, int reserve);

        [LoggerMessage(2, LogLevel.Warning, "Refused {Count} connections: {Open} of at most {Limit} are open. Further refusals are counted and logged every 10 s.", EventName = "ConnectionsRefused")]
        public static partial void ConnectionsRefused(ILogger logger, int count, int limit, int open);
    }
}
