using System.Net;
using System.Threading.Channels;
using LoadDriver.Client;

namespace LoadDriver.Workers;

/// <summary>What a mode's worker side sees: its share of the run, the coordinator's commands, and a way to report.</summary>
internal sealed class WorkerContext(WorkerStart start, ChannelReader<WorkerCommand> commands, Action<WorkerReport> report, CancellationToken cancellationToken)
{
    public WorkerStart Start { get; } = start;

    public CancellationToken Cancellation { get; } = cancellationToken;

    public ConnectTarget Target { get; } = new(
        new IPEndPoint(IPAddress.Parse(start.ServerAddress), start.Port),
        start.Path,
        TimeSpan.FromSeconds(start.HandshakeTimeoutSeconds));

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
