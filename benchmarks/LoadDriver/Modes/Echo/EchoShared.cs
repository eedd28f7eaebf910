using System.Text;
using LoadDriver.Stats;

namespace LoadDriver.Modes.Echo;

/// <summary>What every echo client of a worker shares: the encoded payload, the measured window, the counters.</summary>
internal sealed class EchoShared
{
    private readonly TaskCompletionSource _allFinished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _active;

    public EchoShared(int payloadBytes)
    {
        var payload = Payload.Make(payloadBytes);
        Suffix = Encoding.ASCII.GetBytes($"[\"echo\",\"{payload}\"]");
        ExpectedArgs = Encoding.ASCII.GetBytes($"[\"{payload}\"]");
    }

    /// <summary>What follows <c>42&lt;id&gt;</c> in every echo packet.</summary>
    public byte[] Suffix { get; }

    /// <summary>The ack's arguments: the same payload back.</summary>
    public byte[] ExpectedArgs { get; }

    public ErrorCounter Errors { get; } = new();

    public long MeasureStart { get; private set; } = long.MaxValue;

    public long MeasureEnd { get; private set; } = long.MaxValue;

    public Task AllFinished => _allFinished.Task;

    public void Begin(long measureStart, long measureEnd, int clients)
    {
        MeasureStart = measureStart;
        MeasureEnd = measureEnd;
        _active = clients;
        if (clients == 0)
        {
            _allFinished.TrySetResult();
        }
    }

    public void ClientFinished()
    {
        if (Interlocked.Decrement(ref _active) == 0)
        {
            _allFinished.TrySetResult();
        }
    }
}
