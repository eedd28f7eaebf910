using LoadDriver.Client;
using LoadDriver.Stats;
using LoadDriver.Workers;

namespace LoadDriver.Modes.Echo;

/// <summary>Connects, waits for <c>go</c> (the measured window), runs every closed loop to the window's end.</summary>
internal static class EchoWorker
{
    /// <summary>How long after the window an outstanding ack may still arrive before it counts as lost.</summary>
    private static readonly TimeSpan _drainGrace = TimeSpan.FromSeconds(5);

    public static async Task RunAsync(WorkerContext context)
    {
        var shared = new EchoShared(context.Start.PayloadBytes, context.Start.Parser == "msgpack");
        var clients = new EchoClient[context.Start.Count];
        var ramp = new ConnectionRamp(context);
        await ramp.OpenAsync(i => clients[i] = new EchoClient(shared));
        context.Report(new WorkerReport { Kind = WorkerReport.ReadyKind, Established = ramp.Established, Failed = ramp.Failed });

        var command = await context.NextCommandAsync();
        long acks = 0;
        var samples = new IntList(1024);
        if (command is { Kind: WorkerCommand.GoKind, Ticks: [var measureStart, var measureEnd] })
        {
            await RunLoopsAsync(context, ramp, clients, shared, measureStart, measureEnd);
            foreach (var client in clients)
            {
                if (client is not null)
                {
                    samples.AddRange(client.Samples.AsSpan());
                }
            }

            acks = samples.Count;
        }

        var report = ramp.CloseAndReport(shared.Errors);
        report.Acks = acks;
        report.Samples = samples.ToArray();
        context.Report(report);
    }

    private static async Task RunLoopsAsync(
        WorkerContext context, ConnectionRamp ramp, EchoClient[] clients, EchoShared shared, long measureStart, long measureEnd)
    {
        var connections = ramp.Connections;
        var active = 0;
        for (var i = 0; i < connections.Length; i++)
        {
            active += connections[i] is not null && clients[i].IsWaiting ? 1 : 0;
        }

        shared.Begin(measureStart, measureEnd, active);
        for (var i = 0; i < connections.Length; i++)
        {
            if (connections[i] is not { } connection || !clients[i].IsWaiting)
            {
                continue;
            }

            try
            {
                await connection.SendAsync(clients[i].NextFrame());
            }
            catch (Exception e) when (e is System.Net.Sockets.SocketException or ObjectDisposedException)
            {
                shared.Errors.Add($"send failed: {e.Message}");
                clients[i].Finish();
            }
        }

        var wait = TimeSpan.FromSeconds(Math.Max(0, Ticks.ToSeconds(measureEnd - Ticks.Now))) + _drainGrace;
        try
        {
            await shared.AllFinished.WaitAsync(wait, context.Cancellation);
        }
        catch (TimeoutException)
        {
            for (var i = 0; i < connections.Length; i++)
            {
                if (connections[i] is not null && clients[i].IsWaiting)
                {
                    shared.Errors.Add("ack not received");
                    clients[i].Finish();
                }
            }
        }
    }
}
