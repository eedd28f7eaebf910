using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using LoadDriver.Client;
using LoadDriver.Modes.Jobs;
using LoadDriver.Stats;
using LoadDriver.Wire;
using LoadDriver.Workers;

namespace LoadDriver.Modes.Soak;

/// <summary>
/// A worker's share of the soak: opens its connections (each slot on its own transport) and waits for their
/// <c>connection_ack</c>; on <c>go</c> it churns (closes a connection and opens it again, at its share of the churn
/// rate) and runs jobs (register, POST, that job's <c>scriptResult</c> on that socket, at its share of the job rate)
/// until <c>stop</c>; then it lets the jobs in flight finish, reports its totals and closes everything. Totals go to
/// the coordinator every second.
/// </summary>
internal sealed class SoakWorker : IDisposable
{
    private static readonly TimeSpan _progressInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan _connectionAckTimeout = TimeSpan.FromSeconds(30);
    private static readonly MediaTypeHeaderValue _json = new("application/json");

    private readonly WorkerContext _context;
    private readonly SoakSlot[] _slots;
    private readonly JobsShared _shared = new();
    private readonly HttpClient _api;
    private readonly HttpClient _polling;
    private readonly IntList _jobMicros = new(1024);
    private readonly Lock _jobMicrosLock = new();
    private long _churnCycles;
    private long _churnFailed;
    private long _jobsStarted;
    private long _jobsPosted;
    private long _jobsCompleted;
    private long _jobsFailed;
    private long _jobsLost;
    private long _jobSequence;
    private int _rampNext = -1;
    private int _rampEstablished;
    private int _rampFailed;

    private SoakWorker(WorkerContext context)
    {
        _context = context;
        var start = context.Start;
        _slots = new SoakSlot[start.Count];
        for (var i = 0; i < _slots.Length; i++)
        {
            var globalIndex = start.FirstIndex + i;
            _slots[i] = new SoakSlot(globalIndex, SoakTransports.Of(globalIndex, start.PollingShare, start.UpgradeShare));
        }

        _api = LoopbackHttp.Create(start.HttpBase, SourceAddresses.ForHttp);
        _polling = LoopbackHttp.Create(start.HttpBase, SourceAddresses.ForPolling);
    }

    public static async Task RunAsync(WorkerContext context)
    {
        using var worker = new SoakWorker(context);
        await worker.RunAsync();
    }

    public void Dispose()
    {
        _api.Dispose();
        _polling.Dispose();
    }

    private async Task RunAsync()
    {
        var token = _context.Cancellation;
        var lanes = new Task[Math.Clamp(_context.Start.Concurrency, 1, Math.Max(1, _slots.Length))];
        for (var i = 0; i < lanes.Length; i++)
        {
            lanes[i] = RampLaneAsync(token);
        }

        await Task.WhenAll(lanes);
        var ready = Snapshot(WorkerReport.ReadyKind);
        ready.Established = Volatile.Read(ref _rampEstablished);
        ready.Failed = Volatile.Read(ref _rampFailed);
        _context.Report(ready);

        using var progressStop = CancellationTokenSource.CreateLinkedTokenSource(token);
        var progress = ReportProgressAsync(progressStop.Token);
        using var loopsStop = CancellationTokenSource.CreateLinkedTokenSource(token);
        var churning = new List<Task>();
        var jobs = new List<Task>();
        Task? churnLoop = null, jobLoop = null;
        while (true)
        {
            var command = await _context.NextCommandAsync();
            if (command.Kind == WorkerCommand.GoKind && churnLoop is null)
            {
                churnLoop = RunLoopAsync(_context.Start.ChurnPerSecond, 0, static _ => true, ChurnAsync, churning, loopsStop.Token);
                // Half a round apart, so that a job's slot is not the one the churn is about to take.
                jobLoop = RunLoopAsync(_context.Start.JobsPerSecond, _slots.Length / 2, static slot => slot.IsOpen, RunJobAsync, jobs, loopsStop.Token);
            }
            else if (command.Kind == WorkerCommand.StopKind)
            {
                break;
            }
        }

        // No new churn or job; those under way finish (a job within its timeout) so that nothing is left uncounted.
        await loopsStop.CancelAsync();
        await (churnLoop ?? Task.CompletedTask);
        await (jobLoop ?? Task.CompletedTask);
        await Task.WhenAll(churning);
        await Task.WhenAll(jobs);

        var result = Snapshot(WorkerReport.ResultKind);
        result.Established = Volatile.Read(ref _rampEstablished);
        result.Failed = Volatile.Read(ref _rampFailed);
        lock (_jobMicrosLock)
        {
            result.Samples = _jobMicros.ToArray();
        }

        await progressStop.CancelAsync();
        await progress;
        await Task.WhenAll(_slots.Select(slot => slot.Link?.CloseAsync() ?? Task.CompletedTask));
        result.Errors = _shared.Errors.Snapshot();
        result.ErrorTotal = _shared.Errors.Total;
        _context.Report(result);
    }

    private async Task RampLaneAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var index = Interlocked.Increment(ref _rampNext);
            if (index >= _slots.Length)
            {
                return;
            }

            if (await ConnectSlotAsync(_slots[index], cancellationToken))
            {
                Interlocked.Increment(ref _rampEstablished);
            }
            else if (!cancellationToken.IsCancellationRequested)
            {
                Interlocked.Increment(ref _rampFailed);
            }
        }
    }

    /// <summary>
    /// Every tick takes the next slot, in a round over all of them, that is free and <paramref name="eligible"/>, and
    /// starts <paramref name="action"/> on it; the action releases the slot. Its tasks are kept in
    /// <paramref name="running"/> (pruned as they finish) for the end of the run to await.
    /// </summary>
    private async Task RunLoopAsync(
        double perSecond, int firstSlot, Func<SoakSlot, bool> eligible, Func<SoakSlot, Task> action, List<Task> running, CancellationToken stop)
    {
        if (perSecond <= 0 || _slots.Length == 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1 / perSecond));
        var cursor = firstSlot % _slots.Length;
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                running.RemoveAll(static task => task.IsCompleted);
                for (var tried = 0; tried < _slots.Length; tried++)
                {
                    var slot = _slots[cursor];
                    cursor = (cursor + 1) % _slots.Length;
                    if (!slot.TryTake())
                    {
                        continue;
                    }

                    if (eligible(slot))
                    {
                        running.Add(action(slot));
                        break;
                    }

                    slot.Release();
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>One churn cycle: close the slot's connection (whatever state it is in), open a new one.</summary>
    private async Task ChurnAsync(SoakSlot slot)
    {
        try
        {
            if (slot.Link is { } old)
            {
                slot.Link = null;
                slot.Client = null;
                await old.CloseAsync();
            }

            if (await ConnectSlotAsync(slot, _context.Cancellation))
            {
                Interlocked.Increment(ref _churnCycles);
            }
            else if (!_context.Cancellation.IsCancellationRequested)
            {
                Interlocked.Increment(ref _churnFailed);
            }
        }
        finally
        {
            slot.Release();
        }
    }

    /// <summary>Connects the slot on its transport and waits for <c>connection_ack</c>; false (the error counted)
    /// when either fails.</summary>
    private async Task<bool> ConnectSlotAsync(SoakSlot slot, CancellationToken cancellationToken)
    {
        var client = new JobsClient(_shared);
        var source = SourceAddresses.ForConnection(slot.GlobalIndex, _context.Start.PerAddress);
        ISoakLink link = slot.Transport switch
        {
            SoakTransport.Polling => new PollingLink(client, _polling, _context.Target),
            SoakTransport.Upgrade => new UpgradeLink(client, _polling, _context.Target, source),
            _ => new WebSocketLink(client, _context.Target, source),
        };
        var failure = await link.ConnectAsync(cancellationToken);
        if (failure is null)
        {
            try
            {
                failure = await client.ConnectionAck.WaitAsync(_connectionAckTimeout, cancellationToken) ? null : "connection_ack with an error status";
            }
            catch (TimeoutException)
            {
                failure = "no connection_ack";
            }
            catch (InvalidOperationException)
            {
                // Dropped before the ack: the drop is counted by the client.
                failure = "dropped before connection_ack";
            }
            catch (OperationCanceledException)
            {
                failure = "cancelled";
            }

            if (failure is not null)
            {
                await link.CloseAsync();
            }
        }

        if (failure is not null)
        {
            if (!cancellationToken.IsCancellationRequested)
            {
                _shared.Errors.Add($"{Name(slot.Transport)}: {failure}");
            }

            return false;
        }

        slot.Client = client;
        slot.Link = link;
        return true;
    }

    /// <summary>One job on the slot's socket: register (ack), POST (202), then its <c>scriptResult</c> (201), which
    /// must arrive on this socket; counted as completed, failed or lost.</summary>
    private async Task RunJobAsync(SoakSlot slot)
    {
        try
        {
            Interlocked.Increment(ref _jobsStarted);
            switch (await TryJobAsync(slot.Link!, slot.Client!, slot.GlobalIndex))
            {
                case JobOutcome.Completed:
                    Interlocked.Increment(ref _jobsCompleted);
                    break;
                case JobOutcome.Lost:
                    Interlocked.Increment(ref _jobsLost);
                    break;
                default:
                    Interlocked.Increment(ref _jobsFailed);
                    break;
            }
        }
        finally
        {
            slot.Release();
        }
    }

    private async Task<JobOutcome> TryJobAsync(ISoakLink link, JobsClient client, int globalIndex)
    {
        var jobId = $"sk_{_context.Start.RunId}_{globalIndex}_{Interlocked.Increment(ref _jobSequence)}";
        var (registered, result, ackId) = client.Begin(jobId);
        // Not tied to the end of the soak: a job under way when it ends still has its whole timeout.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_context.Cancellation);
        timeout.CancelAfter(TimeSpan.FromSeconds(_context.Start.JobTimeoutSeconds));
        var posted = false;
        try
        {
            await link.SendAsync($"42{ackId}[\"register\",{JsonSerializer.Serialize(jobId, WireJsonContext.Default.String)}]");
            if (!await registered.WaitAsync(timeout.Token))
            {
                _shared.Errors.Add("register acknowledged with an error status");
                return JobOutcome.Failed;
            }

            var body = new ScriptPostBody { JobId = jobId, Topic = $"Soak {globalIndex}", Language = globalIndex % 2 == 1 ? "en" : "vi", Length = "short" };
            using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, WireJsonContext.Default.ScriptPostBody));
            content.Headers.ContentType = _json;
            var postedAt = Ticks.Now;
            using (var response = await _api.PostAsync("/api/scripts", content, timeout.Token))
            {
                if (response.StatusCode != HttpStatusCode.Accepted)
                {
                    _shared.Errors.Add($"POST /api/scripts: HTTP {(int)response.StatusCode}");
                    return JobOutcome.Failed;
                }
            }

            Interlocked.Increment(ref _jobsPosted);
            posted = true;
            var (status, arrivedAt) = await result.WaitAsync(timeout.Token);
            if (status != 201)
            {
                _shared.Errors.Add($"scriptResult status {status}");
                return JobOutcome.Failed;
            }

            lock (_jobMicrosLock)
            {
                _jobMicros.Add(Ticks.ToMicros(arrivedAt - postedAt));
            }

            return JobOutcome.Completed;
        }
        catch (OperationCanceledException)
        {
            _shared.Errors.Add(posted ? "no scriptResult within the job timeout" : "job timeout before the POST was answered");
        }
        catch (HttpRequestException e)
        {
            _shared.Errors.Add($"POST /api/scripts failed: {e.HttpRequestError}");
        }
        catch (InvalidOperationException)
        {
            // The socket was dropped (the client counted it): a posted job's result can no longer arrive.
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or ConnectionException or IOException)
        {
            _shared.Errors.Add($"register send failed: {e.Message}");
        }

        return posted ? JobOutcome.Lost : JobOutcome.Failed;
    }

    private WorkerReport Snapshot(string kind)
    {
        var open = 0;
        foreach (var slot in _slots)
        {
            open += slot.IsOpen ? 1 : 0;
        }

        return new WorkerReport
        {
            Kind = kind,
            Soak = new SoakCounts
            {
                Open = open,
                Dropped = _shared.Dropped,
                ChurnCycles = Interlocked.Read(ref _churnCycles),
                ChurnFailed = Interlocked.Read(ref _churnFailed),
                JobsStarted = Interlocked.Read(ref _jobsStarted),
                JobsPosted = Interlocked.Read(ref _jobsPosted),
                JobsCompleted = Interlocked.Read(ref _jobsCompleted),
                JobsFailed = Interlocked.Read(ref _jobsFailed),
                JobsLost = Interlocked.Read(ref _jobsLost),
                JobsDuplicated = _shared.Duplicated,
            },
        };
    }

    private async Task ReportProgressAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_progressInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                _context.Report(Snapshot(WorkerReport.ProgressKind));
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static string Name(SoakTransport transport) => transport switch
    {
        SoakTransport.Polling => "polling",
        SoakTransport.Upgrade => "polling→websocket",
        _ => "websocket",
    };

    private enum JobOutcome
    {
        Completed,
        Failed,
        Lost,
    }
}
