using System.Buffers.Text;
using LoadDriver.Client;
using LoadDriver.Stats;
using LoadDriver.Wire;

namespace LoadDriver.Modes.Echo;

/// <summary>
/// One closed loop: emit <c>echo</c> with an ack id, wait for that ack, emit the next. The frame is rewritten in
/// place for each id; acks completed inside the measured window are recorded.
/// </summary>
internal sealed class EchoClient(EchoShared shared) : SioClientHandler
{
    private const int MaxIdDigits = 20;

    private readonly FrameBuilder _frame = new(2 + shared.Prefix.Length + MaxIdDigits + shared.Suffix.Length);
    private long _id;
    private long _sentAt;
    private int _finished;

    public IntList Samples { get; } = new(1024);

    public bool IsWaiting => Volatile.Read(ref _finished) == 0;

    public ReadOnlyMemory<byte> NextFrame()
    {
        var payload = _frame.Payload;
        if (shared.MessagePack)
        {
            shared.Prefix.CopyTo(payload);
            var length = shared.Prefix.Length;
            length += MsgpackPackets.WriteUInt(payload[length..], (ulong)++_id);
            shared.Suffix.CopyTo(payload[length..]);
            _sentAt = Ticks.Now;
            return _frame.Complete(length + shared.Suffix.Length, binary: true);
        }

        payload[0] = (byte)'4';
        payload[1] = (byte)'2';
        Utf8Formatter.TryFormat(++_id, payload[2..], out var digits);
        shared.Suffix.CopyTo(payload[(2 + digits)..]);
        _sentAt = Ticks.Now;
        return _frame.Complete(2 + digits + shared.Suffix.Length);
    }

    public override ReadOnlyMemory<byte> OnAck(long id, ReadOnlySpan<byte> args)
    {
        var now = Ticks.Now;
        if (id != _id)
        {
            // Not the outstanding emit: count it and keep waiting for the right one.
            shared.Errors.Add("ack with an unexpected id");
            return default;
        }

        if (!args.SequenceEqual(shared.ExpectedArgs))
        {
            shared.Errors.Add("ack with different arguments");
        }
        else if (now >= shared.MeasureStart && now <= shared.MeasureEnd)
        {
            Samples.Add(Ticks.ToMicros(now - _sentAt));
        }

        if (now < shared.MeasureEnd)
        {
            return NextFrame();
        }

        Finish();
        return default;
    }

    public override void OnDropped(string reason)
    {
        shared.Errors.Add($"dropped: {reason}");
        Finish();
    }

    public void Finish()
    {
        if (Interlocked.Exchange(ref _finished, 1) == 0)
        {
            shared.ClientFinished();
        }
    }
}
