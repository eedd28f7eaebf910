using LoadDriver.Stats;
using LoadDriver.Workers;

namespace LoadDriver.Client;

/// <summary>
/// Opens a worker's connections with at most <c>Concurrency</c> handshakes in flight; each established connection
/// then runs its receive loop in the background until it is closed.
/// </summary>
internal sealed class ConnectionRamp(WorkerContext context)
{
    private readonly Lock _samplesLock = new();
    private int _next = -1;
    private int _established;
    private int _failed;

    public SioConnection?[] Connections { get; } = new SioConnection?[context.Start.Count];

    public ErrorCounter Errors { get; } = new();

    public IntList HandshakeMicros { get; } = new(context.Start.Count);

    public int Established => Volatile.Read(ref _established);

    public int Failed => Volatile.Read(ref _failed);

    public Task OpenAsync(Func<int, SioClientHandler> createHandler)
    {
        var lanes = new Task[Math.Clamp(context.Start.Concurrency, 1, Math.Max(1, context.Start.Count))];
        for (var i = 0; i < lanes.Length; i++)
        {
            lanes[i] = RunLaneAsync(createHandler);
        }

        return Task.WhenAll(lanes);
    }

    /// <summary>
    /// Closes every connection and starts the worker's final report with what every mode reports: connections
    /// established and failed, and the errors of the ramp together with the mode's own.
    /// </summary>
    public WorkerReport CloseAndReport(ErrorCounter modeErrors)
    {
        CloseAll();
        Errors.AddRange(modeErrors.Snapshot());
        return new WorkerReport
        {
            Kind = WorkerReport.ResultKind,
            Established = Established,
            Failed = Failed,
            ErrorTotal = Errors.Total,
            Errors = Errors.Snapshot(),
        };
    }

    public void CloseAll()
    {
        foreach (var connection in Connections)
        {
            connection?.Close();
        }
    }

    private async Task RunLaneAsync(Func<int, SioClientHandler> createHandler)
    {
        var start = context.Start;
        var token = context.Cancellation;
        while (!token.IsCancellationRequested)
        {
            var index = Interlocked.Increment(ref _next);
            if (index >= start.Count)
            {
                return;
            }

            var connection = new SioConnection(createHandler(index)) { MessagePack = start.Parser == "msgpack" };
            var source = SourceAddresses.ForConnection(start.FirstIndex + index, start.PerAddress);
            var failure = await connection.ConnectAsync(context.TargetFor(start.FirstIndex + index), source, token);
            if (failure is null)
            {
                lock (_samplesLock)
                {
                    HandshakeMicros.Add(Ticks.ToMicros(connection.HandshakeTicks));
                }

                Connections[index] = connection;
                Interlocked.Increment(ref _established);
                _ = connection.RunAsync();
            }
            else if (!token.IsCancellationRequested)
            {
                Interlocked.Increment(ref _failed);
                Errors.Add(failure);
            }
        }
    }
}
