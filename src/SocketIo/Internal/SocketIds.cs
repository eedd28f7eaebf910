using System.Buffers.Text;

namespace SocketIo.Internal;

/// <summary>Socket ids: random, unguessable, URL-safe.</summary>
internal static class SocketIds
{
    private const int Bytes = 15;

    public static string New()
    {
        Span<byte> bytes = stackalloc byte[Bytes];
        SharedSource.SecureRandom.Fill(bytes);
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>
    /// A new private session id, packed (<see cref="SharedSource.PackedId"/>): a socket keeps it in this form, and
    /// makes the string only to send it, or to keep its session.
    /// </summary>
    public static UInt128 NewPrivate() => SharedSource.PackedId.New();

    /// <summary>The string form of a packed id.</summary>
    public static string UnpackPrivate(UInt128 packed) => SharedSource.PackedId.ToText(packed);

    /// <summary>
    /// Packs an id in this server's form, so that unpacking gives back the same string; false for anything else (a
    /// session kept by another server may carry another form).
    /// </summary>
    public static bool TryPackPrivate(string id, out UInt128 packed) => SharedSource.PackedId.TryParse(id, out packed);
}
