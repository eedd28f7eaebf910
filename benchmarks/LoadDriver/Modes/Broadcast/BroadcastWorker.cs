using System.Text.Json;
using LoadDriver.Client;
using LoadDriver.Wire;
using LoadDriver.Workers;

namespace LoadDriver.Modes.Broadcast;

/// <summary>Connects, joins every connection to the room, records tick arrivals until <c>collect</c>.</summary>
internal static class BroadcastWorker
{
    private static readonly TimeSpan _joinTimeout = TimeSpan.FromSeconds(30);

    public static async Task RunAsync(WorkerContext context)
    {
        var shared = new BroadcastShared(context);
        var clients = new BroadcastClient[context.Start.Count];
        var ramp = new ConnectionRamp(context);
        await ramp.OpenAsync(i => clients[i] = new BroadcastClient(i, shared));

        shared.Joined = await JoinAsync(context, ramp, clients, shared);
        context.Report(new WorkerReport
        {
            Kind = WorkerReport.ReadyKind,
            Established = ramp.Established,
            Failed = ramp.Failed,
            Ready = shared.Joined,
        });

        WorkerCommand command;
        do
        {
            command = await context.NextCommandAsync();
        }
        while (command.Kind is not (WorkerCommand.CollectKind or WorkerCommand.StopKind));

        var report = ramp.CloseAndReport(shared.Errors);
        var (latencies, lastArrivals, delivered) = shared.Collect(command.Ticks ?? []);
        report.Ready = shared.Joined;
        report.Delivered = delivered;
        report.Duplicated = shared.Duplicated;
        report.Dropped = shared.Dropped;
        report.Samples = latencies;
        report.LastArrivals = lastArrivals;
        context.Report(report);
    }

    private static async Task<int> JoinAsync(WorkerContext context, ConnectionRamp ramp, BroadcastClient[] clients, BroadcastShared shared)
    {
        var frame = ClientFrames.Text($"42{BroadcastClient.JoinAckId}[\"join\",{JsonSerializer.Serialize(context.Start.Room, WireJsonContext.Default.String)}]");
        var pending = new List<Task>(ramp.Established);
        for (var i = 0; i < ramp.Connections.Length; i++)
        {
            if (ramp.Connections[i] is not { } connection)
            {
                continue;
            }

            try
            {
                await connection.SendAsync(frame);
                pending.Add(clients[i].Joined);
            }
            catch (Exception e) when (e is System.Net.Sockets.SocketException or ObjectDisposedException)
            {
                shared.Errors.Add($"join send failed: {e.Message}");
            }
        }

        try
        {
            await Task.WhenAll(pending).WaitAsync(_joinTimeout, context.Cancellation);
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            // Counted below: only the members whose join was acknowledged are expected to receive ticks.
        }

        var joined = 0;
        foreach (var task in pending)
        {
            if (task.IsCompletedSuccessfully)
            {
                joined++;
            }
            else
            {
                shared.Errors.Add("join not acknowledged");
            }
        }

        return joined;
    }
}
