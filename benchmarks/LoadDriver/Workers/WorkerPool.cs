using System.Threading.Channels;
using LoadDriver.Stats;

namespace LoadDriver.Workers;

/// <summary>
/// The coordinator's workers: ceil(total / perWorker) worker processes, at least one (one process may hold at most
/// 20,000 file descriptors here). Connections never run in the coordinator: only a child process can be given the
/// runtime settings that keep the driver's own CPU cost low (see <see cref="ProcessWorkerLink"/>).
/// </summary>
internal sealed class WorkerPool : IAsyncDisposable
{
    private readonly Channel<WorkerEnvelope> _reports = Channel.CreateUnbounded<WorkerEnvelope>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ProcessWorkerLink[] _links;
    private readonly int[] _shares;
    private readonly int[] _firstIndexes;
    private readonly bool[] _finished;

    public WorkerPool(int total, int perWorker)
    {
        var count = Math.Max(1, (total + perWorker - 1) / perWorker);
        _links = new ProcessWorkerLink[count];
        _shares = new int[count];
        _firstIndexes = new int[count];
        _finished = new bool[count];
        var first = 0;
        for (var i = 0; i < count; i++)
        {
            _shares[i] = total / count + (i < total % count ? 1 : 0);
            _firstIndexes[i] = first;
            first += _shares[i];
        }

        for (var i = 0; i < count; i++)
        {
            _links[i] = new ProcessWorkerLink(i, _reports.Writer);
        }
    }

    public int Count => _links.Length;

    /// <summary>Sends each worker its share: connections [FirstIndex, FirstIndex + Count) and a proportional part of
    /// the handshake concurrency.</summary>
    public async Task StartAsync(WorkerStart template, int total, int concurrency, CancellationToken cancellationToken)
    {
        for (var i = 0; i < Count; i++)
        {
            var start = Clone(template);
            start.FirstIndex = _firstIndexes[i];
            start.Count = _shares[i];
            start.Concurrency = Math.Max(1, (int)Math.Round((double)concurrency * _shares[i] / Math.Max(1, total)));
            start.ChurnPerSecond = template.ChurnPerSecond * _shares[i] / Math.Max(1, total);
            start.JobsPerSecond = template.JobsPerSecond * _shares[i] / Math.Max(1, total);
            await _links[i].SendAsync(new WorkerCommand { Kind = WorkerCommand.StartKind, Start = start }, cancellationToken);
        }
    }

    public async Task SendAllAsync(WorkerCommand command, CancellationToken cancellationToken)
    {
        foreach (var link in _links)
        {
            await link.SendAsync(command, cancellationToken);
        }
    }

    /// <summary>Waits for one report of <paramref name="kind"/> from every worker; other reports go to
    /// <paramref name="onOther"/>.</summary>
    public async Task<WorkerReport[]> WaitAllAsync(string kind, CancellationToken cancellationToken, Action<WorkerEnvelope>? onOther = null)
    {
        var reports = new WorkerReport?[Count];
        var missing = Count;
        while (missing > 0)
        {
            var envelope = await ReadAsync(cancellationToken);
            if (envelope.Report.Kind == kind && reports[envelope.Worker] is null)
            {
                reports[envelope.Worker] = envelope.Report;
                missing--;
            }
            else
            {
                onOther?.Invoke(envelope);
            }
        }

        return reports!;
    }

    /// <summary>Passes every report that arrives during <paramref name="duration"/> to <paramref name="onReport"/>.</summary>
    public async Task ConsumeForAsync(TimeSpan duration, Action<WorkerEnvelope> onReport, CancellationToken cancellationToken)
    {
        var deadline = Ticks.Now + Ticks.FromSeconds(duration.TotalSeconds);
        while (await TryReadAsync(TimeSpan.FromSeconds(Ticks.ToSeconds(deadline - Ticks.Now)), cancellationToken) is { } envelope)
        {
            onReport(envelope);
        }
    }

    /// <summary>The next report, or null when <paramref name="timeout"/> passes first.</summary>
    public async Task<WorkerEnvelope?> TryReadAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (timeout <= TimeSpan.Zero)
        {
            return null;
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            return await ReadAsync(limit.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        var disposals = new Task[Count];
        for (var i = 0; i < Count; i++)
        {
            disposals[i] = _links[i].DisposeAsync().AsTask();
        }

        await Task.WhenAll(disposals);
    }

    private async Task<WorkerEnvelope> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var envelope = await _reports.Reader.ReadAsync(cancellationToken);
            switch (envelope.Report.Kind)
            {
                case WorkerReport.FailedKind:
                    throw new WorkerFailedException($"worker {envelope.Worker} failed: {envelope.Report.Message}");
                case WorkerReport.ExitedKind when !_finished[envelope.Worker]:
                    throw new WorkerFailedException($"worker {envelope.Worker} exited before it reported its result");
                case WorkerReport.ExitedKind:
                    // A worker exits right after its result, possibly before the other workers' results arrive.
                    continue;
                case WorkerReport.ResultKind:
                    _finished[envelope.Worker] = true;
                    return envelope;
                default:
                    return envelope;
            }
        }
    }

    private static WorkerStart Clone(WorkerStart template) => new()
    {
        Mode = template.Mode,
        ServerAddress = template.ServerAddress,
        Port = template.Port,
        Servers = template.Servers,
        Path = template.Path,
        HttpBase = template.HttpBase,
        PerAddress = template.PerAddress,
        HandshakeTimeoutSeconds = template.HandshakeTimeoutSeconds,
        PayloadBytes = template.PayloadBytes,
        Parser = template.Parser,
        Room = template.Room,
        Messages = template.Messages,
        RunId = template.RunId,
        JobTimeoutSeconds = template.JobTimeoutSeconds,
        TimeoutSeconds = template.TimeoutSeconds,
        PollingShare = template.PollingShare,
        UpgradeShare = template.UpgradeShare,
        ReconnectDelayMs = template.ReconnectDelayMs,
        ReconnectJitter = template.ReconnectJitter,
        ReconnectAttempts = template.ReconnectAttempts,
    };
}
