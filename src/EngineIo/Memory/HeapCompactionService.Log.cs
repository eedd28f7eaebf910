using Microsoft.Extensions.Logging;

namespace EngineIo.Memory;

internal sealed partial class HeapCompactionService
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Compacted the heap once allocation went quiet: {ReclaimedMiB} MiB returned to the system, paused {PauseMs:F0} ms.", EventName = "HeapCompacted")]
        public static partial void Compacted(ILogger logger, long reclaimedMiB, double pauseMs);
    }
}
