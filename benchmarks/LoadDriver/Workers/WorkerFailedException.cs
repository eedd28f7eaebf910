namespace LoadDriver.Workers;

/// <summary>A worker died or reported a fatal error: the run cannot produce a result.</summary>
internal sealed class WorkerFailedException(string message) : Exception(message);
