namespace LoadDriver.Client;

internal enum ConnectionState
{
    Connecting,
    AwaitingOpen,
    AwaitingConnect,
    Established,
    Closed,
}
