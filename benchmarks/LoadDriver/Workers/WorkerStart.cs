namespace LoadDriver.Workers;

/// <summary>Everything a worker needs to run its share of the connections.</summary>
internal sealed class WorkerStart
{
    public string Mode { get; set; } = "";

    public string ServerAddress { get; set; } = "";

    public int Port { get; set; }

    /// <summary>Cluster (and storm over several servers): every server as <c>address:port</c>; connection <c>i</c> goes
    /// to server <c>i % count</c>. Null otherwise: every connection goes to <see cref="ServerAddress"/>.</summary>
    public string[]? Servers { get; set; }

    public string Path { get; set; } = "";

    public string HttpBase { get; set; } = "";

    /// <summary>Global index of the worker's first connection: picks source addresses and unique job ids.</summary>
    public int FirstIndex { get; set; }

    public int Count { get; set; }

    public int Concurrency { get; set; }

    public int PerAddress { get; set; }

    public double HandshakeTimeoutSeconds { get; set; }

    public int PayloadBytes { get; set; }

    /// <summary>Echo: <c>msgpack</c> for socket.io-msgpack-parser's packets, anything else for the default parser's.</summary>
    public string Parser { get; set; } = "default";

    public string Room { get; set; } = "";

    public int Messages { get; set; }

    public string RunId { get; set; } = "";

    public double JobTimeoutSeconds { get; set; }

    /// <summary>Soak: this worker's share of the churn and of the jobs, per second.</summary>
    public double ChurnPerSecond { get; set; }

    public double JobsPerSecond { get; set; }

    /// <summary>Soak: the transport mix (see <c>SoakTransports</c>).</summary>
    public double PollingShare { get; set; }

    public double UpgradeShare { get; set; }

    /// <summary>Storm: socket.io-client's reconnection schedule (delay, randomization factor, attempts).</summary>
    public double ReconnectDelayMs { get; set; }

    public double ReconnectJitter { get; set; }

    public int ReconnectAttempts { get; set; }

    /// <summary>The run's hard cap; a worker also stops by itself after it.</summary>
    public double TimeoutSeconds { get; set; }
}
