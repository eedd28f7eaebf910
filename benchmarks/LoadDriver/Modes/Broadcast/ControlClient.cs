using LoadDriver.Client;

namespace LoadDriver.Modes.Broadcast;

/// <summary>The coordinator's own connection, outside the room: it emits <c>broadcast</c> with ack id = seq.</summary>
internal sealed class ControlClient(int messages) : SioClientHandler
{
    private readonly TaskCompletionSource[] _acks = CreateAcks(messages);

    public Task Acked(int seq) => _acks[seq - 1].Task;

    public override ReadOnlyMemory<byte> OnAck(long id, ReadOnlySpan<byte> args)
    {
        if (id >= 1 && id <= _acks.Length)
        {
            _acks[id - 1].TrySetResult();
        }

        return default;
    }

    public override void OnDropped(string reason)
    {
        foreach (var ack in _acks)
        {
            ack.TrySetException(new InvalidOperationException($"control connection dropped: {reason}"));
        }
    }

    private static TaskCompletionSource[] CreateAcks(int messages)
    {
        var acks = new TaskCompletionSource[messages];
        for (var i = 0; i < acks.Length; i++)
        {
            acks[i] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        return acks;
    }
}
