namespace LoadDriver.Client;

/// <summary>A connection failed or ended for a reason worth counting; the message is the counted error.</summary>
internal sealed class ConnectionException(string message) : Exception(message);
