using LoadDriver.Client;
using LoadDriver.Stats;
using LoadDriver.Wire;

namespace LoadDriver.Modes.Broadcast;

/// <summary>A room member: joins with ack id 1, then timestamps every <c>tick</c>.</summary>
internal sealed class BroadcastClient(int index, BroadcastShared shared) : SioClientHandler
{
    public const long JoinAckId = 1;

    private readonly TaskCompletionSource _joined = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Joined => _joined.Task;

    public override ReadOnlyMemory<byte> OnEvent(ReadOnlySpan<byte> args)
    {
        var now = Ticks.Now;
        if (args.StartsWith("[\"tick\","u8) && JsonArgs.TryGetInt32(args, 1, "seq"u8, out var seq))
        {
            shared.Arrive(index, seq, now);
        }

        return default;
    }

    public override ReadOnlyMemory<byte> OnAck(long id, ReadOnlySpan<byte> args)
    {
        if (id == JoinAckId)
        {
            _joined.TrySetResult();
        }

        return default;
    }

    public override void OnDropped(string reason)
    {
        shared.Drop(reason);
        _joined.TrySetException(new InvalidOperationException(reason));
    }
}
