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
}
