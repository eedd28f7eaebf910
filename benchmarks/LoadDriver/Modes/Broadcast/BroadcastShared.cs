using LoadDriver.Stats;
using LoadDriver.Workers;

namespace LoadDriver.Modes.Broadcast;

/// <summary>
/// Arrival times of every (connection, message) of a worker in one flat array, and per message how many of the
/// worker's room members have it: when all have it, the coordinator hears so at once.
/// </summary>
internal sealed class BroadcastShared(WorkerContext context)
{
    private readonly int _messages = context.Start.Messages;
    private readonly long[] _arrivals = new long[context.Start.Count * context.Start.Messages];
    private readonly int[] _received = new int[context.Start.Messages];
    private long _duplicated;
    private int _dropped;

    /// <summary>Members of the room in this worker; set before the first message is emitted.</summary>
    public int Joined { get; set; }

    public long Duplicated => Interlocked.Read(ref _duplicated);

    /// <summary>Members the server (or the network) disconnected before the driver closed them.</summary>
    public int Dropped => Volatile.Read(ref _dropped);

    public void Drop(string reason)
    {
        Interlocked.Increment(ref _dropped);
        Errors.Add($"dropped: {reason}");
    }

    public ErrorCounter Errors { get; } = new();

    public void Arrive(int connection, int seq, long now)
    {
        if (seq < 1 || seq > _messages)
        {
            Errors.Add("tick with an unknown seq");
            return;
        }

        // A connection's packets are handled one at a time, so its slots have a single writer.
        ref var slot = ref _arrivals[connection * _messages + seq - 1];
        if (slot != 0)
        {
            Interlocked.Increment(ref _duplicated);
            return;
        }

        slot = now;
        if (Interlocked.Increment(ref _received[seq - 1]) == Joined)
        {
            context.Report(new WorkerReport { Kind = WorkerReport.DeliveredKind, Seq = seq });
        }
    }

    /// <summary>Per-delivery latencies against the coordinator's t0 of each message, and each message's last arrival.</summary>
    public (int[] Latencies, long[] LastArrivals, long Delivered) Collect(long[] t0s)
    {
        var latencies = new IntList(_arrivals.Length);
        var last = new long[_messages];
        long delivered = 0;
        for (var i = 0; i < _arrivals.Length; i++)
        {
            var arrival = Volatile.Read(ref _arrivals[i]);
            var message = i % _messages;
            if (arrival == 0 || message >= t0s.Length)
            {
                continue;
            }

            delivered++;
            latencies.Add(Ticks.ToMicros(arrival - t0s[message]));
            last[message] = Math.Max(last[message], arrival);
        }

        return (latencies.ToArray(), last, delivered);
    }
}
