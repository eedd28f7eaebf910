namespace LoadDriver.Client;

internal enum ConnectionState
{
    Connecting,
    AwaitingOpen,

    /// <summary>Taking over a polling session: <c>2probe</c> sent, <c>3probe</c> awaited.</summary>
    AwaitingProbe,
    AwaitingConnect,
    Established,
    Closed,
}
