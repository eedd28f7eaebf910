namespace LoadDriver.Modes.Soak;

/// <summary>How a soak connection reaches the server; a slot keeps its transport through every reconnect, so that
/// the mix, and with it the server's memory per connection, stays the same for the whole run.</summary>
internal enum SoakTransport
{
    /// <summary>A WebSocket from the first request (the driver's raw client).</summary>
    WebSocket,

    /// <summary>HTTP long-polling for the connection's whole life.</summary>
    Polling,

    /// <summary>Polling first, then upgraded to a WebSocket, as socket.io-client connects by default.</summary>
    Upgrade,
}

internal static class SoakTransports
{
    private const int Buckets = 100;

    /// <summary>The transport of the connection with this global index: within every hundred connections the first
    /// <c>pollingShare</c> poll, the next <c>upgradeShare</c> upgrade, the rest are WebSockets, so every worker and
    /// every part of the churn's round sees the same mix.</summary>
    public static SoakTransport Of(int globalIndex, double pollingShare, double upgradeShare)
    {
        var bucket = globalIndex % Buckets;
        var polling = (int)Math.Round(pollingShare * Buckets);
        var upgrade = (int)Math.Round(upgradeShare * Buckets);
        return bucket < polling ? SoakTransport.Polling
            : bucket < polling + upgrade ? SoakTransport.Upgrade
            : SoakTransport.WebSocket;
    }
}
