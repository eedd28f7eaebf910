using System.Net;
using System.Threading.Channels;
using LoadDriver.Client;

namespace LoadDriver.Workers;

/// <summary>What a mode's worker side sees: its share of the run, the coordinator's commands, and a way to report.</summary>
internal sealed class WorkerContext(WorkerStart start, ChannelReader<WorkerCommand> commands, Action<WorkerReport> report, CancellationToken cancellationToken)
{
    public WorkerStart Start { get; } = start;

    public CancellationToken Cancellation { get; } = cancellationToken;

    private readonly ConnectTarget[] _targets = start.Servers is { Length: > 0 } servers
        ? [.. servers.Select(s => new ConnectTarget(IPEndPoint.Parse(s), start.Path, TimeSpan.FromSeconds(start.HandshakeTimeoutSeconds)))]
        : [new ConnectTarget(new IPEndPoint(IPAddress.Parse(start.ServerAddress), start.Port), start.Path, TimeSpan.FromSeconds(start.HandshakeTimeoutSeconds))];

    /// <summary>The server of the modes that have one (the first of the cluster mode's).</summary>
    public ConnectTarget Target => _targets[0];

    /// <summary>Where connection <paramref name="globalIndex"/> goes: round robin over the servers, so that every
    /// worker (a contiguous range of indexes) spreads its connections over all of them.</summary>
    public ConnectTarget TargetFor(int globalIndex) => _targets[globalIndex % _targets.Length];

    public void Report(WorkerReport message) => report(message);

    /// <summary>The next command; a closed link or the hard cap reads as <c>stop</c> so that every mode winds down.</summary>
    public async ValueTask<WorkerCommand> NextCommandAsync()
    {
        try
        {
            return await commands.ReadAsync(Cancellation);
        }
        catch (ChannelClosedException)
        {
            return WorkerCommand.Of(WorkerCommand.StopKind);
        }
        catch (OperationCanceledException)
        {
            return WorkerCommand.Of(WorkerCommand.StopKind);
        }
    }
}
