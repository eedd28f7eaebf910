using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;

namespace SharedSource;

/// <summary>
/// A random id of 15 bytes (120 bits of entropy), whose text is their unpadded base64url (20 characters, the
/// reference's length), kept as a number: an idle connection holds its ids in 16 bytes of the object that owns them
/// rather than a string of 64 bytes each, and makes the text only to send it. The byte after the 15 is a marker, so that a packed id is never 0, which can mean none.
/// </summary>
/// <remarks>Compiled into each library that needs it (linked source, as <see cref="SecureRandom"/>).</remarks>
internal static class PackedId
{
    private const int Bytes = 15;
    private const byte Marker = 1;

    /// <summary>The length of an id's text.</summary>
    public const int TextLength = 20;

    public static UInt128 New()
    {
        Span<byte> bytes = stackalloc byte[16];
        SecureRandom.Fill(bytes[..Bytes]);
        bytes[Bytes] = Marker;
        return BinaryPrimitives.ReadUInt128LittleEndian(bytes);
    }

    public static string ToText(UInt128 id)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128LittleEndian(bytes, id);
        return Base64Url.EncodeToString(bytes[..Bytes]);
    }

    /// <summary>
    /// The packed form of an id's text; false for any text that is not one (so that no two texts pack alike, and
    /// packing then unpacking gives the text back).
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, out UInt128 id)
    {
        id = 0;
        Span<byte> bytes = stackalloc byte[16];
        if (text.Length != TextLength
            || Base64Url.DecodeFromChars(text, bytes[..Bytes], out var consumed, out var written) != OperationStatus.Done
            || consumed != TextLength || written != Bytes)
        {
            return false;
        }

        bytes[Bytes] = Marker;
        var candidate = BinaryPrimitives.ReadUInt128LittleEndian(bytes);
        Span<char> again = stackalloc char[TextLength];
        if (!Base64Url.TryEncodeToChars(bytes[..Bytes], again, out var length) || !again[..length].SequenceEqual(text))
        {
            return false;
        }

        id = candidate;
        return true;
    }
}
