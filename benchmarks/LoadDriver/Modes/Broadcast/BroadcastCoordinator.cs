using System.Net;
using System.Text.Json;
using LoadDriver.Client;
using LoadDriver.Results;
using LoadDriver.Stats;
using LoadDriver.Wire;
using LoadDriver.Workers;

namespace LoadDriver.Modes.Broadcast;

/// <summary>
/// N room members in the workers, one control connection here: for each message, t0 → emit <c>broadcast</c> → wait
/// until every worker has it at all its members (or 10 s) → the interval. Arrival times come back from the workers;
/// Stopwatch timestamps are one clock for every process on the machine.
/// </summary>
internal static class BroadcastCoordinator
{
    private static readonly TimeSpan _messageTimeout = TimeSpan.FromSeconds(10);

    public static async Task<BroadcastResult> RunAsync(RunContext run)
    {
        var options = run.Options;
        var token = run.Cancellation;
        await using var pool = run.CreatePool(options.Connections);
        await pool.StartAsync(run.Template(), options.Connections, options.Concurrency, token);
        var expected = ExpectedWorkers(await pool.WaitAllAsync(WorkerReport.ReadyKind, token));
        var control = new ControlClient(options.Messages);
        var connection = await ConnectControlAsync(run, control, token);
        var t0s = new long[options.Messages];
        var unacked = 0;
        try
        {
            unacked = await EmitAllAsync(options.Messages, options.IntervalMs, options.Room, Payload.Make(options.PayloadBytes),
                connection, control, pool, expected, t0s, token);
        }
        finally
        {
            connection.Close();
        }

        await pool.SendAllAsync(new WorkerCommand { Kind = WorkerCommand.CollectKind, Ticks = t0s }, token);
        var finals = await pool.WaitAllAsync(WorkerReport.ResultKind, token);
        if (unacked > 0)
        {
            Console.Error.WriteLine($"  {unacked} broadcast emit(s) not acknowledged within {_messageTimeout.TotalSeconds} s");
        }

        ErrorLog.Write(finals);
        return Summarize(options.Connections, options.Messages, t0s, finals);
    }

    /// <summary>The workers that have members in the room, whose deliveries each broadcast waits for.</summary>
    internal static bool[] ExpectedWorkers(WorkerReport[] ready)
    {
        var expected = new bool[ready.Length];
        for (var i = 0; i < ready.Length; i++)
        {
            expected[i] = ready[i].Ready > 0;
        }

        return expected;
    }

    /// <summary>The coordinator's own connection to the (first) server, which emits the broadcasts and asks questions.</summary>
    internal static async Task<SioConnection> ConnectControlAsync(RunContext run, ControlClient control, CancellationToken token)
    {
        var connection = new SioConnection(control);
        var target = new ConnectTarget(run.Server, run.Options.Path, TimeSpan.FromSeconds(run.Options.HandshakeTimeout));
        if (await connection.ConnectAsync(target, IPAddress.Loopback, token) is { } failure)
        {
            throw new InvalidOperationException($"the control connection failed: {failure}");
        }

        _ = connection.RunAsync();
        return connection;
    }

    /// <summary>Emits the M broadcasts (t0 of each into <paramref name="t0s"/>); returns how many were not acked.
    /// The cluster mode runs the same loop against one of its servers.</summary>
    internal static async Task<int> EmitAllAsync(
        int messages, int intervalMs, string room, string payload, SioConnection connection, ControlClient control,
        WorkerPool pool, bool[] expected, long[] t0s, CancellationToken token)
    {
        var roomJson = JsonSerializer.Serialize(room, WireJsonContext.Default.String);
        var done = new int[messages];
        var expectedCount = 0;
        foreach (var worker in expected)
        {
            expectedCount += worker ? 1 : 0;
        }

        var unacked = 0;
        for (var seq = 1; seq <= messages; seq++)
        {
            var frame = ClientFrames.Text($"42{seq}[\"broadcast\",{{\"room\":{roomJson},\"seq\":{seq},\"payload\":\"{payload}\"}}]");
            t0s[seq - 1] = Ticks.Now;
            await connection.SendAsync(frame);
            var deadline = t0s[seq - 1] + Ticks.FromSeconds(_messageTimeout.TotalSeconds);
            while (done[seq - 1] < expectedCount)
            {
                var remaining = TimeSpan.FromSeconds(Ticks.ToSeconds(deadline - Ticks.Now));
                if (await pool.TryReadAsync(remaining, token) is not { } envelope)
                {
                    break;
                }

                if (envelope.Report is { Kind: WorkerReport.DeliveredKind, Seq: var delivered } && delivered >= 1 && delivered <= messages)
                {
                    done[delivered - 1]++;
                }
            }

            try
            {
                var ackWait = TimeSpan.FromSeconds(Math.Max(0, Ticks.ToSeconds(deadline - Ticks.Now)));
                await control.Acked(seq).WaitAsync(ackWait, token);
            }
            catch (Exception e) when (e is TimeoutException or InvalidOperationException)
            {
                unacked++;
            }

            if (seq < messages)
            {
                await Task.Delay(intervalMs, token);
            }
        }

        return unacked;
    }

    internal static BroadcastResult Summarize(int connections, int messages, long[] t0s, WorkerReport[] finals)
    {
        var result = new BroadcastResult { Connections = connections, Messages = messages };
        var deliveries = new IntList(connections * messages);
        var last = new long[messages];
        long delivered = 0;
        foreach (var report in finals)
        {
            delivered += report.Delivered;
            result.Duplicated += report.Duplicated;
            deliveries.AddRange(report.Samples);
            if (report.LastArrivals is { } arrivals)
            {
                for (var i = 0; i < Math.Min(arrivals.Length, messages); i++)
                {
                    last[i] = Math.Max(last[i], arrivals[i]);
                }
            }
        }

        result.Missing = (long)connections * messages - delivered;
        var completions = new IntList(messages);
        for (var i = 0; i < messages; i++)
        {
            double? completion = null;
            if (last[i] != 0)
            {
                var micros = Ticks.ToMicros(last[i] - t0s[i]);
                completions.Add(micros);
                completion = Percentiles.ToMs(micros);
            }

            result.PerMessage.Add(new MessageCompletion { Seq = i + 1, CompletionMs = completion });
        }

        result.CompletionMs = LatencySummary.Of(completions.Sort());
        result.DeliveryMs = LatencySummary.Of(deliveries.Sort());
        return result;
    }
}
