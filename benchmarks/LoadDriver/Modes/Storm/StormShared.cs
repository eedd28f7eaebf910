using LoadDriver.Stats;
using LoadDriver.Workers;

namespace LoadDriver.Modes.Storm;

/// <summary>
/// A worker's record of the stream: when each of its clients got each message (microseconds after the worker's
/// start, plus one; zero while it has not), and, until the cut, how many room members have each message, so that the
/// coordinator hears when one reached all of them.
/// </summary>
internal sealed class StormShared(WorkerContext context)
{
    private readonly int[] _arrivals = new int[context.Start.Count * context.Start.Messages];
    private readonly int[] _beforeCut = new int[context.Start.Messages];
    private long _duplicated;
    private long _outOfOrder;
    private int _dropped;
    private volatile bool _cut;

    /// <summary>The stream's length cap: the slots per client.</summary>
    public int Capacity { get; } = context.Start.Messages;

    public long BaseTicks { get; } = Ticks.Now;

    public ErrorCounter Errors { get; } = new();

    /// <summary>Members of the room in this worker; set before the first message is emitted.</summary>
    public int Joined { get; set; }

    public long Duplicated => Interlocked.Read(ref _duplicated);

    public long OutOfOrder => Interlocked.Read(ref _outOfOrder);

    public int Dropped => Volatile.Read(ref _dropped);

    public void MarkCut() => _cut = true;

    public void Drop(string reason)
    {
        Interlocked.Increment(ref _dropped);
        Errors.Add($"dropped: {reason}");
    }

    /// <summary>Records a <c>tick</c>; the caller holds the client's lock, so a client's slots have one writer.</summary>
    /// <returns>False for a seq outside the stream.</returns>
    public bool Arrive(int client, int seq, int previousMaxSeq, long now)
    {
        if (seq < 1 || seq > Capacity)
        {
            Errors.Add("tick with an unknown seq");
            return false;
        }

        if (seq < previousMaxSeq)
        {
            Interlocked.Increment(ref _outOfOrder);
        }

        ref var slot = ref _arrivals[client * Capacity + seq - 1];
        if (slot != 0)
        {
            Interlocked.Increment(ref _duplicated);
            return true;
        }

        Volatile.Write(ref slot, Math.Max(1, Ticks.ToMicros(now - BaseTicks) + 1));
        if (!_cut && Interlocked.Increment(ref _beforeCut[seq - 1]) == Joined)
        {
            context.Report(new WorkerReport { Kind = WorkerReport.DeliveredKind, Seq = seq });
        }

        return true;
    }

    /// <summary>When <paramref name="client"/> got <paramref name="seq"/> (a Stopwatch timestamp), or 0.</summary>
    public long ArrivalOf(int client, int seq)
    {
        var micros = Volatile.Read(ref _arrivals[client * Capacity + seq - 1]);
        return micros == 0 ? 0 : BaseTicks + Ticks.FromSeconds((micros - 1) / 1e6);
    }
}
