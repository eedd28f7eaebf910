using System.Globalization;

namespace SocketIo.Redis.Protocol;

/// <summary>A Redis stream entry id, <c>&lt;milliseconds&gt;-&lt;sequence&gt;</c>, which is also a broadcast's recovery offset.</summary>
internal readonly record struct StreamId(ulong Milliseconds, ulong Sequence) : IComparable<StreamId>
{
    /// <summary>Parses an id as Node's adapter accepts an offset (<c>^[0-9]+-[0-9]+$</c>); anything else is not one.</summary>
    public static bool TryParse(string? text, out StreamId id)
    {
        id = default;
        var dash = text?.IndexOf('-') ?? -1;
        return dash > 0
            && ulong.TryParse(text.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            && ulong.TryParse(text.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var seq)
            && (id = new StreamId(ms, seq)) == id;
    }

    /// <summary>
    /// The smallest id after this one, for an inclusive <c>XRANGE</c> start (exclusive ranges need Redis 6.2; Node's
    /// adapter does the same).
    /// </summary>
    public StreamId Next() => Sequence == ulong.MaxValue ? new StreamId(Milliseconds + 1, 0) : this with { Sequence = Sequence + 1 };

    public int CompareTo(StreamId other)
    {
        var ms = Milliseconds.CompareTo(other.Milliseconds);
        return ms != 0 ? ms : Sequence.CompareTo(other.Sequence);
    }

    public static bool operator >(StreamId left, StreamId right) => left.CompareTo(right) > 0;

    public static bool operator <(StreamId left, StreamId right) => left.CompareTo(right) < 0;

    public static bool operator >=(StreamId left, StreamId right) => left.CompareTo(right) >= 0;

    public static bool operator <=(StreamId left, StreamId right) => left.CompareTo(right) <= 0;

    public override string ToString() =>
        Milliseconds.ToString(CultureInfo.InvariantCulture) + "-" + Sequence.ToString(CultureInfo.InvariantCulture);
}
