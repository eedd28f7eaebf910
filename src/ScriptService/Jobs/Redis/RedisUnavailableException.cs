namespace ScriptService.Jobs.Redis;

/// <summary>
/// Redis did not answer, or refused (not connected, a timeout, a read-only replica, out of memory). An
/// <see cref="IOException"/>, as a full disk is for the SQLite store: a POST answers 503 with Retry-After, readiness
/// fails, and a worker waits and tries again (<see cref="StoreRetry"/>).
/// </summary>
internal sealed class RedisUnavailableException(string message, Exception innerException) : IOException(message, innerException);
