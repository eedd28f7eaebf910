using System.Text.Json;
using LoadDriver.Client;
using LoadDriver.Stats;
using LoadDriver.Wire;
using LoadDriver.Workers;

namespace LoadDriver.Modes.Storm;

/// <summary>
/// Connects, joins every client to the room, records the stream until <c>cut</c>, then aborts every connection at once
/// and reconnects each client after socket.io-client's reconnection delay, asking to recover; at <c>collect</c> it
/// waits (bounded) for the stream's last message at every recovered client and reports what was missed, replayed,
/// lost or duplicated.
/// </summary>
internal static class StormWorker
{
    private static readonly TimeSpan _joinTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan _drainTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan _drainPoll = TimeSpan.FromMilliseconds(20);

    public static async Task RunAsync(WorkerContext context)
    {
        var shared = new StormShared(context);
        var clients = new StormClient[context.Start.Count];
        var ramp = new ConnectionRamp(context);
        await ramp.OpenAsync(i => (clients[i] = new StormClient(i, shared)).NewLink());
        for (var i = 0; i < clients.Length; i++)
        {
            if (clients[i] is { } client)
            {
                client.Connection = ramp.Connections[i];
            }
        }

        var members = await JoinAsync(context, ramp, clients, shared);
        shared.Joined = members.Count;
        context.Report(new WorkerReport
        {
            Kind = WorkerReport.ReadyKind,
            Established = ramp.Established,
            Failed = ramp.Failed,
            Ready = members.Count,
        });

        var command = await NextAsync(context, WorkerCommand.CutKind);
        if (command.Kind == WorkerCommand.CutKind)
        {
            await StormAsync(context, members, shared);
            command = await NextAsync(context, WorkerCommand.CollectKind);
        }

        var t0s = command.Ticks ?? [];
        if (command.Kind == WorkerCommand.CollectKind && t0s.Length > 1)
        {
            await DrainAsync(context, members, shared, t0s.Length - 1);
        }

        // Counted before the close: the losses it finds go into the errors the report carries.
        var storm = command.Kind == WorkerCommand.CollectKind ? Collect(context.Start, members, shared, t0s) : null;
        foreach (var member in members)
        {
            member.Connection?.Close();
        }

        var report = ramp.CloseAndReport(shared.Errors);
        report.Ready = members.Count;
        report.Dropped = shared.Dropped;
        report.Storm = storm;
        context.Report(report);
    }

    private static async Task<WorkerCommand> NextAsync(WorkerContext context, string kind)
    {
        WorkerCommand command;
        do
        {
            command = await context.NextCommandAsync();
        }
        while (command.Kind != kind && command.Kind != WorkerCommand.StopKind);

        return command;
    }

    /// <summary>Cuts every member's connection in one pass, then reconnects them all; reports when every attempt ended.</summary>
    private static async Task StormAsync(WorkerContext context, List<StormClient> members, StormShared shared)
    {
        var frames = new byte[members.Count][];
        shared.MarkCut();
        for (var i = 0; i < members.Count; i++)
        {
            frames[i] = members[i].Cut(Ticks.Now);
        }

        var reconnects = new Task<bool>[members.Count];
        for (var i = 0; i < members.Count; i++)
        {
            reconnects[i] = ReconnectAsync(context, members[i], frames[i], shared);
        }

        var results = await Task.WhenAll(reconnects);
        var reconnected = results.Count(static r => r);
        context.Report(new WorkerReport
        {
            Kind = WorkerReport.ReconnectedKind,
            Established = reconnected,
            Failed = members.Count - reconnected,
            Ready = members.Count(static m => m.Recovered),
        });
    }

    /// <summary>
    /// socket.io-client's schedule: the first attempt after the reconnection delay randomized by ± jitter, each
    /// further one after twice the delay before it.
    /// </summary>
    private static async Task<bool> ReconnectAsync(WorkerContext context, StormClient client, byte[] connectFrame, StormShared shared)
    {
        var start = context.Start;
        var token = context.Cancellation;
        var delayMs = start.ReconnectDelayMs * (1 + start.ReconnectJitter * (2 * Random.Shared.NextDouble() - 1));
        var source = SourceAddresses.ForConnection(start.FirstIndex + client.Index, start.PerAddress);
        for (var attempt = 0; attempt < start.ReconnectAttempts; attempt++)
        {
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(delayMs), token);
            }
            catch (OperationCanceledException)
            {
                return false;
            }

            var connection = new SioConnection(client.NewLink());
            client.AttemptStartedAt = Ticks.Now;
            // With several servers the member comes back to the next one, as behind a balancer without sticky sessions:
            // its session must be found through the adapter.
            var target = context.TargetFor(start.FirstIndex + client.Index + 1);
            var failure = await connection.ConnectAsync(target, source, token, connectFrame: connectFrame);
            if (failure is null)
            {
                client.Connection = connection;
                _ = connection.RunAsync();
                return true;
            }

            shared.Errors.Add($"reconnect: {failure}");
            delayMs *= 2;
        }

        return false;
    }

    /// <summary>
    /// Waits until every recovered client has the stream's last message, or the drain timeout: its delivery proves the
    /// replay before it is complete. A bounded poll of counters, as nothing signals "the last of several".
    /// </summary>
    private static async Task DrainAsync(WorkerContext context, List<StormClient> members, StormShared shared, int lastSeq)
    {
        var deadline = Ticks.Now + Ticks.FromSeconds(_drainTimeout.TotalSeconds);
        while (Ticks.Now < deadline && !context.Cancellation.IsCancellationRequested)
        {
            var missing = false;
            foreach (var member in members)
            {
                if (member.Recovered && shared.ArrivalOf(member.Index, lastSeq) == 0)
                {
                    missing = true;
                    break;
                }
            }

            if (!missing)
            {
                return;
            }

            try
            {
                await Task.Delay(_drainPoll, context.Cancellation);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Per member: the messages it missed are those emitted (t0) before its CONNECT answer that it had not received
    /// before the cut; they must all arrive after it, as must every later one. <paramref name="t0s"/>[0] is the cut,
    /// [s] the emit of message s.
    /// </summary>
    private static StormCounts Collect(WorkerStart start, List<StormClient> members, StormShared shared, long[] t0s)
    {
        var servers = start.Servers?.Length ?? 1;
        var counts = new StormCounts { Clients = members.Count, Duplicated = shared.Duplicated, OutOfOrder = shared.OutOfOrder };
        var cut = t0s[0];
        var emitted = Math.Min(t0s.Length - 1, shared.Capacity);
        var recover = new IntList(members.Count);
        var handshakes = new IntList(members.Count);
        var missedComplete = new IntList(members.Count);
        foreach (var member in members)
        {
            counts.Recoverable += member.Recoverable ? 1 : 0;
            if (member.AnsweredAt != 0)
            {
                counts.Reconnected++;
            }
            else
            {
                counts.ReconnectFailed++;
            }

            long lost = 0;
            for (var seq = 1; seq <= emitted; seq++)
            {
                if (shared.ArrivalOf(member.Index, seq) == 0)
                {
                    lost++;
                    if (member.Recovered)
                    {
                        // Where a loss falls against the member's return tells a replay gap from a live-delivery gap.
                        var back = servers > 1 ? $" (back on server {((start.FirstIndex + member.Index + 1) % servers) + 1} of {servers})" : "";
                        shared.Errors.Add($"lost by a recovered member: a message emitted {When(t0s[seq] - member.AnsweredAt)} its CONNECT answer{back}");
                    }
                }
            }

            if (!member.Recovered)
            {
                counts.NotRecovered += member.AnsweredAt != 0 ? 1 : 0;
                counts.LostNotRecovered += lost;
                continue;
            }

            counts.Recovered++;
            counts.Lost += lost;
            counts.LastRecoveredAt = Math.Max(counts.LastRecoveredAt, member.AnsweredAt);
            recover.Add(Ticks.ToMicros(member.AnsweredAt - cut));
            handshakes.Add(Ticks.ToMicros(member.AnsweredAt - member.AttemptStartedAt));
            long expected = 0;
            long delivered = 0;
            long lastMissed = 0;
            for (var seq = 1; seq <= emitted && t0s[seq] < member.AnsweredAt; seq++)
            {
                var arrival = shared.ArrivalOf(member.Index, seq);
                if (arrival != 0 && arrival < member.CutAt)
                {
                    continue;
                }

                expected++;
                if (arrival != 0)
                {
                    delivered++;
                    lastMissed = Math.Max(lastMissed, arrival);
                }
            }

            counts.MissedExpected += expected;
            counts.MissedDelivered += delivered;
            if (expected > 0 && delivered == expected)
            {
                missedComplete.Add(Ticks.ToMicros(lastMissed - cut));
                counts.LastMissedAt = Math.Max(counts.LastMissedAt, lastMissed);
            }
        }

        counts.RecoverMicros = recover.ToArray();
        counts.HandshakeMicros = handshakes.ToArray();
        counts.MissedCompleteMicros = missedComplete.ToArray();
        return counts;
    }

    private static string When(long ticksAfterAnswer)
    {
        var ms = Ticks.ToSeconds(ticksAfterAnswer) * 1000;
        return ms switch
        {
            < -1000 => "over 1 s before",
            < -100 => "100 ms to 1 s before",
            < 0 => "less than 100 ms before",
            < 100 => "less than 100 ms after",
            < 1000 => "100 ms to 1 s after",
            _ => "over 1 s after",
        };
    }

    private static async Task<List<StormClient>> JoinAsync(WorkerContext context, ConnectionRamp ramp, StormClient[] clients, StormShared shared)
    {
        var frame = ClientFrames.Text($"42{StormClient.JoinAckId}[\"join\",{JsonSerializer.Serialize(context.Start.Room, WireJsonContext.Default.String)}]");
        var pending = new List<StormClient>(ramp.Established);
        foreach (var client in clients)
        {
            if (client?.Connection is not { } connection)
            {
                continue;
            }

            try
            {
                await connection.SendAsync(frame);
                pending.Add(client);
            }
            catch (Exception e) when (e is System.Net.Sockets.SocketException or ObjectDisposedException)
            {
                shared.Errors.Add($"join send failed: {e.Message}");
            }
        }

        try
        {
            await Task.WhenAll(pending.Select(static c => c.Joined)).WaitAsync(_joinTimeout, context.Cancellation);
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            // Counted below: only the members whose join was acknowledged take part in the storm.
        }

        var members = new List<StormClient>(pending.Count);
        foreach (var client in pending)
        {
            if (client.Joined.IsCompletedSuccessfully)
            {
                members.Add(client);
            }
            else
            {
                shared.Errors.Add("join not acknowledged");
            }
        }

        return members;
    }
}
