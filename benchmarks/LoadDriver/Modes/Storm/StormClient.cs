using System.Text;
using LoadDriver.Client;
using LoadDriver.Stats;
using LoadDriver.Wire;

namespace LoadDriver.Modes.Storm;

/// <summary>
/// A room member that recovers as socket.io-client does: it keeps the <c>pid</c> of the server's CONNECT answer and,
/// from every event, its last argument when that is a string (the offset), and after a cut it reconnects sending
/// <c>40{"pid":...,"offset":...}</c>. Recovered means the answer carries the same <c>sid</c> and <c>pid</c>.
/// Generation 0 is the first connection, 1 the reconnected one.
/// </summary>
internal sealed class StormClient(int index, StormShared shared)
{
    public const long JoinAckId = 1;

    private readonly Lock _lock = new();
    private readonly TaskCompletionSource _joined = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _generation;
    private byte[]? _sid;
    private byte[]? _pid;
    private byte[] _offset = new byte[32];
    private int _offsetLength;
    private int _maxSeq;

    public int Index { get; } = index;

    public Task Joined => _joined.Task;

    /// <summary>The live connection (the first one until the cut, then the reconnected one).</summary>
    public SioConnection? Connection { get; set; }

    /// <summary>The first CONNECT answer had a <c>pid</c>: the server offers recovery.</summary>
    public bool Recoverable => _pid is not null;

    public long CutAt { get; private set; }

    /// <summary>When the successful reconnect attempt started, and when its CONNECT answer came (0 if none).</summary>
    public long AttemptStartedAt { get; set; }

    public long AnsweredAt { get; private set; }

    public bool Recovered { get; private set; }

    public SioClientHandler NewLink()
    {
        lock (_lock)
        {
            return new StormLink(this, _generation);
        }
    }

    /// <summary>Ignores whatever the first connection still delivers and aborts it; returns the CONNECT to send next.</summary>
    public byte[] Cut(long now)
    {
        byte[] frame;
        lock (_lock)
        {
            _generation = 1;
            CutAt = now;
            if (_pid is null)
            {
                frame = ClientFrames.Text("40");
            }
            else
            {
                // The pid and the offset are raw JSON string contents, still escaped as the server sent them.
                var json = new StringBuilder("40{\"pid\":\"").Append(Encoding.UTF8.GetString(_pid)).Append('"');
                if (_offsetLength > 0)
                {
                    json.Append(",\"offset\":\"").Append(Encoding.UTF8.GetString(_offset, 0, _offsetLength)).Append('"');
                }

                frame = ClientFrames.Text(json.Append('}').ToString());
            }
        }

        Connection?.Abort();
        return frame;
    }

    public void OnConnect(int generation, ReadOnlySpan<byte> data)
    {
        var now = Ticks.Now;
        var (sid, pid) = JsonArgs.ReadSession(data);
        lock (_lock)
        {
            if (generation != _generation)
            {
                return;
            }

            if (generation > 0)
            {
                AnsweredAt = now;
                Recovered = pid is not null && _pid is not null && sid is not null && _sid is not null
                    && pid.AsSpan().SequenceEqual(_pid) && sid.AsSpan().SequenceEqual(_sid);
            }

            _sid = sid;
            _pid = pid;
        }
    }

    public void OnEvent(int generation, ReadOnlySpan<byte> args)
    {
        lock (_lock)
        {
            if (generation != _generation)
            {
                return;
            }

            var now = Ticks.Now;
            if (args.StartsWith("[\"tick\","u8) && JsonArgs.TryGetInt32(args, 1, "seq"u8, out var seq)
                && shared.Arrive(Index, seq, _maxSeq, now))
            {
                _maxSeq = Math.Max(_maxSeq, seq);
            }

            // As socket.io-client: with a session, the last argument of any event, if a string, is the offset.
            if (_pid is not null && JsonArgs.TryGetLastString(args, out var start, out var length))
            {
                if (length > _offset.Length)
                {
                    _offset = new byte[Math.Max(length, _offset.Length * 2)];
                }

                args.Slice(start, length).CopyTo(_offset);
                _offsetLength = length;
            }
        }
    }

    public void OnAck(int generation, long id)
    {
        if (generation == 0 && id == JoinAckId)
        {
            _joined.TrySetResult();
        }
    }

    public void OnDropped(int generation, string reason)
    {
        lock (_lock)
        {
            if (generation != _generation)
            {
                return;
            }
        }

        shared.Drop(reason);
        _joined.TrySetException(new InvalidOperationException(reason));
    }
}
