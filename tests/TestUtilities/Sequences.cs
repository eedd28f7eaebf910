using System.Buffers;

namespace TestUtilities;

/// <summary>Byte sequences spread over segments, as a pipe hands over bytes that arrived in pieces.</summary>
public static class Sequences
{
    /// <summary>The parts in order, one to a segment.</summary>
    public static ReadOnlySequence<byte> Of(params ReadOnlyMemory<byte>[] parts)
    {
        ArgumentOutOfRangeException.ThrowIfZero(parts.Length);
        var first = new Segment(parts[0]);
        var last = first;
        foreach (var part in parts.AsSpan(1))
        {
            last = last.Append(part);
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    /// <summary>The bytes in two segments, the second starting at <paramref name="cut"/>.</summary>
    public static ReadOnlySequence<byte> Cut(ReadOnlyMemory<byte> bytes, int cut) => Of(bytes[..cut], bytes[cut..]);

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory) => Memory = memory;

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}
