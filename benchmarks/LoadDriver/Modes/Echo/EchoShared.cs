using System.Text;
using LoadDriver.Stats;
using LoadDriver.Wire;
using MessagePack;

namespace LoadDriver.Modes.Echo;

/// <summary>What every echo client of a worker shares: the encoded payload, the measured window, the counters.</summary>
internal sealed class EchoShared
{
    private readonly TaskCompletionSource _allFinished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _active;

    public EchoShared(int payloadBytes, bool messagePack)
    {
        var payload = Payload.Make(payloadBytes);
        MessagePack = messagePack;
        if (messagePack)
        {
            // {type: 2, data: ["echo", payload], id: <id>, nsp: "/"}, as socket.io-client's emit builds it (less the
            // options the msgpack server ignores): the bytes before the id's value, and after it.
            Prefix = MsgpackPackets.Write((ref MessagePackWriter w) =>
            {
                w.WriteMapHeader(4);
                w.Write("type");
                w.Write(2);
                w.Write("data");
                w.WriteArrayHeader(2);
                w.Write("echo");
                w.Write(payload);
                w.Write("id");
            });
            Suffix = MsgpackPackets.Write(static (ref MessagePackWriter w) =>
            {
                w.Write("nsp");
                w.Write("/");
            });
            ExpectedArgs = MsgpackPackets.Write((ref MessagePackWriter w) =>
            {
                w.WriteArrayHeader(1);
                w.Write(payload);
            });
            return;
        }

        Suffix = Encoding.ASCII.GetBytes($"[\"echo\",\"{payload}\"]");
        ExpectedArgs = Encoding.ASCII.GetBytes($"[\"{payload}\"]");
    }

    /// <summary>Whether the packets are socket.io-msgpack-parser's (binary frames) rather than the default parser's.</summary>
    public bool MessagePack { get; }

    /// <summary>MessagePack: what comes before the id in every echo packet; empty for the default parser (<c>42</c>).</summary>
    public byte[] Prefix { get; } = [];

    /// <summary>What follows the id in every echo packet: <c>["echo","payload"]</c>, or MessagePack's <c>nsp: "/"</c>.</summary>
    public byte[] Suffix { get; }

    /// <summary>The ack's arguments: the same payload back (a JSON array, or a MessagePack one).</summary>
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
