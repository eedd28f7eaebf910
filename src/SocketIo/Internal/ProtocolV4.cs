using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace SocketIo.Internal;

/// <summary>
/// What Socket.IO protocol v4 (socket.io-client 2.x, over Engine.IO v3) does differently from v5, as the reference
/// serves it when <c>conn.protocol === 3</c>: the server joins the client to "/" unasked; a CONNECT carries its auth as
/// a query string in the namespace (<c>0/admin?token=x,</c>); the CONNECT answer has no payload; a refusal's payload
/// is the refusal's data, or else its message; a socket's id is the connection's id, prefixed with the namespace
/// outside "/", as the client computes it itself.
/// </summary>
internal static class ProtocolV4
{
    /// <summary>
    /// The namespace a packet names, without the query string the client may have appended (the reference takes the
    /// URL's path); the query, if any, in <paramref name="query"/>.
    /// </summary>
    public static string SplitNamespace(string nsp, out string? query)
    {
        var end = nsp.AsSpan().IndexOfAny('?', '#');
        if (end < 0)
        {
            query = null;
            return nsp;
        }

        query = nsp[end] == '?' ? nsp[(end + 1)..] : null;
        if (query?.IndexOf('#', StringComparison.Ordinal) is >= 0 and var hash)
        {
            query = query[..hash];
        }

        return end == 0 ? "/" : nsp[..end];
    }

    /// <summary>
    /// A CONNECT's query string as the auth payload the reference makes of it: an object of strings, a repeated key
    /// an array of them.
    /// </summary>
    public static JsonElement ParseAuth(string? query)
    {
        if (string.IsNullOrEmpty(query))
        {
            return SocketIoNamespace.EmptyAuth;
        }

        var buffer = new ArrayBufferWriter<byte>(query.Length + 16);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, values) in QueryHelpers.ParseQuery(query))
            {
                if (values.Count == 1)
                {
                    writer.WriteString(name, values[0]);
                    continue;
                }

                writer.WriteStartArray(name);
                foreach (var value in values)
                {
                    writer.WriteStringValue(value);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        return JsonElement.Parse(buffer.WrittenSpan);
    }

    /// <summary>The id the client gives its socket: the connection's id, prefixed by the namespace outside "/".</summary>
    public static string SocketId(SocketIoClient client, string nsp) => nsp == "/" ? client.Engine.Id : nsp + "#" + client.Engine.Id;
}
