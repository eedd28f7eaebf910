using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;

namespace SharedSource;

/// <summary>
/// A random id of 15 bytes (120 bits of entropy), whose text is their unpadded base64url (20 characters, the
/// reference's length), kept as two numbers: an idle connection holds its ids in the object that owns them rather than
/// as a string each, and makes the text only to send it. The byte after the 15 is a marker, so
/// that an id is never <c>default</c>, which means none.
/// </summary>
/// <remarks>
/// Two <see cref="ulong"/>s rather than a <see cref="UInt128"/>, which the runtime aligns on 16 bytes, padding the
/// objects that hold one. Compiled into each library that needs it (linked source, as <see cref="SecureRandom"/>).
/// </remarks>
internal readonly struct PackedId : IEquatable<PackedId>
{
    private const int Bytes = 15;
    private const byte Marker = 1;

    /// <summary>The length of an id's text.</summary>
    public const int TextLength = 20;

    private readonly ulong _low;
    private readonly ulong _high;

    private PackedId(ReadOnlySpan<byte> bytes)
    {
        _low = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        _high = BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]);
    }

    /// <summary>Whether this is no id (<c>default</c>).</summary>
    public bool IsNone => _high == 0;

    public static PackedId New()
    {
        Span<byte> bytes = stackalloc byte[16];
        SecureRandom.Fill(bytes[..Bytes]);
        bytes[Bytes] = Marker;
        return new PackedId(bytes);
    }

    /// <summary>
    /// The id of a text; false for any text that is not one (so that no two texts pack alike, and the id's text is the
    /// text again).
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, out PackedId id)
    {
        id = default;
        Span<byte> bytes = stackalloc byte[16];
        if (text.Length != TextLength
            || Base64Url.DecodeFromChars(text, bytes[..Bytes], out var consumed, out var written) != OperationStatus.Done
            || consumed != TextLength || written != Bytes)
        {
            return false;
        }

        Span<char> again = stackalloc char[TextLength];
        if (!Base64Url.TryEncodeToChars(bytes[..Bytes], again, out var length) || !again[..length].SequenceEqual(text))
        {
            return false;
        }

        bytes[Bytes] = Marker;
        id = new PackedId(bytes);
        return true;
    }

    /// <summary>The id's text.</summary>
    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, _low);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes[8..], _high);
        return Base64Url.EncodeToString(bytes[..Bytes]);
    }

    public bool Equals(PackedId other) => _low == other._low && _high == other._high;

    public override bool Equals(object? obj) => obj is PackedId other && Equals(other);

    /// <summary>The bytes are random: their low half is as good a hash as any.</summary>
    public override int GetHashCode() => (int)_low;
}
