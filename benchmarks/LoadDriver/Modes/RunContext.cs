using System.Net;
using LoadDriver.Cli;
using LoadDriver.Workers;

namespace LoadDriver.Modes;

/// <summary>What a mode's coordinator works with: the options, the resolved loopback target, the run's token.</summary>
internal sealed class RunContext(DriverOptions options, IPEndPoint[] servers, CancellationToken cancellationToken)
{
    public DriverOptions Options { get; } = options;

    /// <summary>The server of the modes that have one; the cluster mode's first (its control connection's).</summary>
    public IPEndPoint Server { get; } = servers[0];

    /// <summary>Every server, resolved (loopback only), in the order of <c>--urls</c>.</summary>
    public IPEndPoint[] Servers { get; } = servers;

    public CancellationToken Cancellation { get; } = cancellationToken;

    /// <summary>Makes the jobs' ids unique per run: the service keeps every job it has seen.</summary>
    public string RunId { get; } = Guid.NewGuid().ToString("N")[..8];

    /// <summary>Worker processes the mode started.</summary>
    public int WorkerProcesses { get; private set; }

    public WorkerPool CreatePool(int connections)
    {
        var pool = new WorkerPool(connections, Options.PerWorker);
        WorkerProcesses = pool.Count;
        return pool;
    }

    public WorkerStart Template() => new()
    {
        Mode = Options.Mode,
        ServerAddress = Server.Address.ToString(),
        Port = Server.Port,
        Servers = Options.Mode == "cluster" || Servers.Length > 1 ? [.. Servers.Select(s => s.ToString())] : null,
        Path = Options.Path,
        HttpBase = $"http://{Server}",
        PerAddress = Options.PerAddress,
        HandshakeTimeoutSeconds = Options.HandshakeTimeout,
        PayloadBytes = Options.PayloadBytes,
        Parser = Options.Parser,
        Room = Options.Room,
        Messages = Options.Messages,
        RunId = RunId,
        JobTimeoutSeconds = Options.JobTimeout,
        TimeoutSeconds = Options.Timeout,
        ChurnPerSecond = Options.ChurnPerSecond,
        JobsPerSecond = Options.JobsPerSecond,
        PollingShare = Options.PollingShare,
        UpgradeShare = Options.UpgradeShare,
        ReconnectDelayMs = Options.ReconnectDelayMs,
        ReconnectJitter = Options.ReconnectJitter,
        ReconnectAttempts = Options.ReconnectAttempts,
    };
}
