using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Text;

namespace TestUtilities;

/// <summary>A frame the server wrote, as a client reads it.</summary>
public sealed record ServerFrame(bool Fin, int Opcode, byte[] Payload)
{
    public string Text => Encoding.UTF8.GetString(Payload);

    /// <summary>The close code of a close frame, or null for a close without one.</summary>
    public int? CloseCode => Payload.Length >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(Payload) : null;

    public override string ToString() => $"{(Fin ? "" : "~")}{Opcode:X}[{Payload.Length}]{(Opcode == ClientFrame.OpClose ? " " + CloseCode : "")}";

    /// <summary>
    /// Parses every whole frame in <paramref name="bytes"/>; fails on a masked one (servers never mask) and on bytes
    /// left over.
    /// </summary>
    public static List<ServerFrame> ParseAll(ReadOnlySpan<byte> bytes)
    {
        var frames = new List<ServerFrame>();
        while (!bytes.IsEmpty)
        {
            Assert.True(bytes.Length >= 2, "A truncated server frame.");
            Assert.Equal(0, bytes[0] & 0x70);
            Assert.True((bytes[1] & 0x80) == 0, "Server frames must not be masked.");
            var length = (long)(bytes[1] & 0x7F);
            var offset = 2;
            if (length == 126)
            {
                length = BinaryPrimitives.ReadUInt16BigEndian(bytes[2..]);
                Assert.True(length >= 126, "Server lengths use the fewest bytes.");
                offset = 4;
            }
            else if (length == 127)
            {
                length = (long)BinaryPrimitives.ReadUInt64BigEndian(bytes[2..]);
                Assert.True(length > ushort.MaxValue, "Server lengths use the fewest bytes.");
                offset = 10;
            }

            Assert.True(bytes.Length >= offset + length, "A truncated server frame.");
            frames.Add(new ServerFrame((bytes[0] & 0x80) != 0, bytes[0] & 0x0F, bytes.Slice(offset, (int)length).ToArray()));
            bytes = bytes[(offset + (int)length)..];
        }

        return frames;
    }

    /// <summary>The whole frames at the start of <paramref name="bytes"/>, ignoring a frame still incomplete.</summary>
    public static List<ServerFrame> ParseWhole(List<byte> bytes)
    {
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(bytes);
        var frames = new List<ServerFrame>();
        while (span.Length >= 2)
        {
            var length = (long)(span[1] & 0x7F);
            var offset = 2;
            if (length == 126)
            {
                if (span.Length < 4)
                {
                    break;
                }

                length = BinaryPrimitives.ReadUInt16BigEndian(span[2..]);
                offset = 4;
            }
            else if (length == 127)
            {
                if (span.Length < 10)
                {
                    break;
                }

                length = (long)BinaryPrimitives.ReadUInt64BigEndian(span[2..]);
                offset = 10;
            }

            if (span.Length < offset + length)
            {
                break;
            }

            frames.AddRange(ParseAll(span[..(offset + (int)length)]));
            span = span[(offset + (int)length)..];
        }

        return frames;
    }

    /// <summary>What the server has written so far, without waiting; and whether it closed its side.</summary>
    public static (List<ServerFrame> Frames, bool Completed) ReadAvailable(PipeReader reader)
    {
        var bytes = new ArrayBufferWriter<byte>();
        var completed = false;
        while (reader.TryRead(out var result))
        {
            foreach (var segment in result.Buffer)
            {
                bytes.Write(segment.Span);
            }

            reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                completed = true;
                break;
            }
        }

        return (ParseAll(bytes.WrittenSpan), completed);
    }
}
