using LoadDriver.Modes.Broadcast;
using LoadDriver.Results;
using LoadDriver.Stats;
using LoadDriver.Workers;

namespace LoadDriver.Modes.Storm;

/// <summary>
/// The reconnect storm. The workers connect N room members; a control connection here emits <c>broadcast</c>
/// <c>{room, seq, payload}</c> at a fixed rate; once message <c>cut-after</c> has reached every member, every worker
/// cuts all its connections at once and reconnects each member as socket.io-client does, asking to recover. The
/// stream goes on throughout; <c>tail</c> messages after the last reconnect attempt ended it stops, and the workers
/// report what every member missed, got back, lost or got twice. Everything is bounded: the stream by
/// <c>messages</c>, each wait by a timeout, the run by <c>--timeout</c>.
/// </summary>
internal static class StormCoordinator
{
    private static readonly TimeSpan _deliveryTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan _ackTimeout = TimeSpan.FromSeconds(10);

    public static async Task<StormResult> RunAsync(RunContext run)
    {
        var options = run.Options;
        var token = run.Cancellation;
        await using var pool = run.CreatePool(options.Connections);
        await pool.StartAsync(run.Template(), options.Connections, options.Concurrency, token);
        var ready = await pool.WaitAllAsync(WorkerReport.ReadyKind, token);
        var expected = BroadcastCoordinator.ExpectedWorkers(ready);
        var control = new ControlClient(options.Messages);
        var connection = await BroadcastCoordinator.ConnectControlAsync(run, control, token);
        var stream = new StormStream(options, connection);
        var result = new StormResult { Target = options.Connections, IntervalMs = options.IntervalMs };
        long cut;
        try
        {
            using var streaming = CancellationTokenSource.CreateLinkedTokenSource(token);
            var emitting = stream.RunAsync(streaming.Token);
            try
            {
                await WaitDeliveredAsync(pool, expected, options.CutAfter, options.IntervalMs, token);
                result.MessagesBeforeCut = stream.Emitted;
                cut = Ticks.Now;
                await pool.SendAllAsync(WorkerCommand.Of(WorkerCommand.CutKind), token);
                await pool.WaitAllAsync(WorkerReport.ReconnectedKind, token);
                var stopAt = stream.Emitted + options.Tail;
                while (stream.Emitted < stopAt && !emitting.IsCompleted)
                {
                    await Task.WhenAny(stream.NextEmit, emitting).WaitAsync(token);
                }
            }
            finally
            {
                await streaming.CancelAsync();
                await emitting;
            }

            result.Messages = stream.Emitted;
            result.Unacked = await CountUnackedAsync(control, result.Messages, token);
        }
        finally
        {
            connection.Close();
        }

        var ticks = new long[result.Messages + 1];
        ticks[0] = cut;
        Array.Copy(stream.T0s, 0, ticks, 1, result.Messages);
        await pool.SendAllAsync(new WorkerCommand { Kind = WorkerCommand.CollectKind, Ticks = ticks }, token);
        var finals = await pool.WaitAllAsync(WorkerReport.ResultKind, token);
        if (result.Unacked > 0)
        {
            Console.Error.WriteLine($"  {result.Unacked} broadcast emit(s) not acknowledged within {_ackTimeout.TotalSeconds} s of the last");
        }

        ErrorLog.Write(finals);
        Summarize(result, cut, finals);
        return result;
    }

    /// <summary>Waits until every worker with members reports that message <paramref name="seq"/> reached all of them
    /// (bounded: a member that never gets it must not stall the run; it then misses it and recovers it).</summary>
    private static async Task WaitDeliveredAsync(WorkerPool pool, bool[] expected, int seq, int intervalMs, CancellationToken token)
    {
        var waiting = expected.Count(static e => e);
        var deadline = Ticks.Now + Ticks.FromSeconds(_deliveryTimeout.TotalSeconds + seq * intervalMs / 1000.0);
        while (waiting > 0)
        {
            var remaining = TimeSpan.FromSeconds(Ticks.ToSeconds(deadline - Ticks.Now));
            if (await pool.TryReadAsync(remaining, token) is not { } envelope)
            {
                Console.Error.WriteLine($"  message {seq} did not reach every member in time; cutting anyway");
                return;
            }

            if (envelope.Report is { Kind: WorkerReport.DeliveredKind } report && report.Seq == seq && expected[envelope.Worker])
            {
                waiting--;
            }
        }
    }

    private static async Task<int> CountUnackedAsync(ControlClient control, int messages, CancellationToken token)
    {
        var acks = new Task[messages];
        for (var seq = 1; seq <= messages; seq++)
        {
            acks[seq - 1] = control.Acked(seq);
        }

        try
        {
            await Task.WhenAll(acks).WaitAsync(_ackTimeout, token);
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            // Counted below.
        }

        return acks.Count(static a => !a.IsCompletedSuccessfully);
    }

    private static void Summarize(StormResult result, long cut, WorkerReport[] finals)
    {
        var recover = new IntList(result.Target);
        var handshakes = new IntList(result.Target);
        var missedComplete = new IntList(result.Target);
        var errors = new ErrorCounter();
        long lastRecovered = 0;
        long lastMissed = 0;
        foreach (var report in finals)
        {
            result.Established += report.Established;
            result.Failed += report.Failed;
            result.Dropped += report.Dropped;
            errors.AddRange(report.Errors);
            if (report.Storm is not { } s)
            {
                continue;
            }

            result.Members += s.Clients;
            result.Recoverable += s.Recoverable;
            result.Reconnected += s.Reconnected;
            result.Recovered += s.Recovered;
            result.NotRecovered += s.NotRecovered;
            result.ReconnectFailed += s.ReconnectFailed;
            result.MissedExpected += s.MissedExpected;
            result.MissedDelivered += s.MissedDelivered;
            result.Lost += s.Lost;
            result.LostNotRecovered += s.LostNotRecovered;
            result.Duplicated += s.Duplicated;
            result.OutOfOrder += s.OutOfOrder;
            lastRecovered = Math.Max(lastRecovered, s.LastRecoveredAt);
            lastMissed = Math.Max(lastMissed, s.LastMissedAt);
            recover.AddRange(s.RecoverMicros);
            handshakes.AddRange(s.HandshakeMicros);
            missedComplete.AddRange(s.MissedCompleteMicros);
        }

        result.LastRecoveredMs = lastRecovered == 0 ? null : Percentiles.ToMs(Ticks.ToMicros(lastRecovered - cut));
        result.LastMissedDeliveredMs = lastMissed == 0 || result.MissedDelivered < result.MissedExpected
            ? null
            : Percentiles.ToMs(Ticks.ToMicros(lastMissed - cut));
        result.RecoverMs = LatencySummary.Of(recover.Sort());
        result.ReconnectHandshakeMs = LatencySummary.Of(handshakes.Sort());
        result.MissedCompleteMs = LatencySummary.Of(missedComplete.Sort());
        result.Errors = errors.Snapshot();
    }
}
