using System.Buffers.Binary;
using System.Buffers.Text;

namespace SocketIo.Internal;

/// <summary>Socket ids: random, unguessable, URL-safe.</summary>
internal static class SocketIds
{
    private const int Bytes = 15;

    /// <summary>Marks a packed private id (in the byte after its 15): never 0, unlike a socket without one.</summary>
    private const byte PackedMarker = 1;

    public static string New()
    {
        Span<byte> bytes = stackalloc byte[Bytes];
        SharedSource.SecureRandom.Fill(bytes);
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>
    /// A new private session id, packed: the 15 random bytes of its string form and a marker. A socket keeps it in
    /// this form, and makes the string only to send it, or to keep its session.
    /// </summary>
    public static UInt128 NewPrivate()
    {
        Span<byte> bytes = stackalloc byte[16];
        SharedSource.SecureRandom.Fill(bytes[..Bytes]);
        bytes[Bytes] = PackedMarker;
        return BinaryPrimitives.ReadUInt128LittleEndian(bytes);
    }

    /// <summary>The string form of a packed id.</summary>
    public static string UnpackPrivate(UInt128 packed)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128LittleEndian(bytes, packed);
        return Base64Url.EncodeToString(bytes[..Bytes]);
    }

    /// <summary>
    /// Packs an id in this server's form (15 bytes in unpadded base64url), so that unpacking gives back the same
    /// string; false for anything else (a session kept by another server may carry another form).
    /// </summary>
    public static bool TryPackPrivate(string id, out UInt128 packed)
    {
        packed = 0;
        Span<byte> bytes = stackalloc byte[16];
        if (id.Length != Base64Url.GetEncodedLength(Bytes)
            || Base64Url.DecodeFromChars(id, bytes[..Bytes], out var consumed, out var written) != System.Buffers.OperationStatus.Done
            || consumed != id.Length || written != Bytes)
        {
            return false;
        }

        bytes[Bytes] = PackedMarker;
        var candidate = BinaryPrimitives.ReadUInt128LittleEndian(bytes);
        if (!string.Equals(UnpackPrivate(candidate), id, StringComparison.Ordinal))
        {
            return false;
        }

        packed = candidate;
        return true;
    }
}
