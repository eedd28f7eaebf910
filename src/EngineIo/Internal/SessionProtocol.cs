using System.Text;
using EngineIo.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace EngineIo.Internal;

/// <summary>
/// The protocol revision a session speaks and how its polling payloads are encoded, read once from its handshake, as
/// the reference reads them when it creates the transport.
/// </summary>
/// <param name="Version">4, or 3 for a client that <see cref="EngineIoOptions.AllowEio3"/> let in.</param>
/// <param name="PollingFormat">How polling payloads are encoded and decoded.</param>
/// <param name="JsonpHead">For JSONP: what starts every response, <c>___eio[n](</c>.</param>
internal sealed record SessionProtocol(int Version, PollingFormat PollingFormat, byte[]? JsonpHead)
{
    public static readonly SessionProtocol V4 = new(4, PollingFormat.V4, null);

    private static readonly SessionProtocol _v3Text = new(3, PollingFormat.V3Text, null);
    private static readonly SessionProtocol _v3Binary = new(3, PollingFormat.V3Binary, null);

    public bool IsV3 => Version == 3;

    /// <summary>
    /// The revision a handshake asks for: 4 if <c>EIO</c> is 4, else 3, as the reference reads it; null if that is 3
    /// and v3 is not allowed.
    /// </summary>
    public static SessionProtocol? FromHandshake(IQueryCollection query, bool allowEio3)
    {
        if (Last(query["EIO"]) == "4")
        {
            return V4;
        }

        if (!allowEio3)
        {
            return null;
        }

        // A "j" parameter (even empty) asks for JSONP; the reference keeps only its digits, to name the callback.
        if (query.TryGetValue("j", out var j))
        {
            var digits = new StringBuilder();
            foreach (var c in Last(j) ?? "")
            {
                if (char.IsAsciiDigit(c))
                {
                    digits.Append(c);
                }
            }

            return new SessionProtocol(3, PollingFormat.V3Jsonp, Encoding.ASCII.GetBytes($"___eio[{digits}]("));
        }

        return EngineProtocolV3.WantsBase64(Last(query["b64"])) ? _v3Text : _v3Binary;
    }

    /// <summary>A repeated query parameter takes its last value, as URLSearchParams does in the reference.</summary>
    private static string? Last(StringValues values) => values.Count == 0 ? null : values[values.Count - 1];
}
