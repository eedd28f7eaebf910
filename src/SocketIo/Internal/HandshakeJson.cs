using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace SocketIo.Internal;

/// <summary>
/// A handshake in the reference server's JSON shape, which is how servers describe their sockets to each other
/// (a fetch across the cluster): header names in lower case, <c>time</c> as JavaScript prints a date.
/// </summary>
internal static class HandshakeJson
{
    private static readonly JsonWriterOptions _options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static JsonElement ToElement(SocketIoHandshake handshake)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, _options))
        {
            Write(writer, handshake);
        }

        return JsonElement.Parse(buffer.WrittenSpan);
    }

    public static void Write(Utf8JsonWriter writer, SocketIoHandshake handshake)
    {
        writer.WriteStartObject();
        WriteHeaders(writer, handshake);
        writer.WriteString("time", JsDateString(handshake.Time));
        writer.WriteString("address", handshake.Address);
        writer.WriteBoolean("xdomain", handshake.CrossDomain);
        writer.WriteBoolean("secure", handshake.Secure);
        writer.WriteNumber("issued", handshake.Issued);
        writer.WriteString("url", handshake.Url);
        WriteQuery(writer, handshake);
        writer.WritePropertyName("auth");
        handshake.Auth.WriteTo(writer);
        writer.WriteEndObject();
    }

    /// <summary>The <c>headers</c> property.</summary>
    public static void WriteHeaders(Utf8JsonWriter writer, SocketIoHandshake handshake)
    {
        writer.WriteStartObject("headers");
        foreach (var (name, values) in handshake.Headers)
        {
            var key = name.ToLowerInvariant();
            // Node joins repeated headers into one string, except set-cookie, which stays a list.
            if (key == "set-cookie")
            {
                writer.WriteStartArray(key);
                foreach (var value in values)
                {
                    writer.WriteStringValue(value);
                }

                writer.WriteEndArray();
            }
            else
            {
                writer.WriteString(key, values.ToString());
            }
        }

        writer.WriteEndObject();
    }

    /// <summary>The <c>query</c> property.</summary>
    public static void WriteQuery(Utf8JsonWriter writer, SocketIoHandshake handshake)
    {
        writer.WriteStartObject("query");
        foreach (var (name, values) in handshake.Query)
        {
            if (values.Count > 1)
            {
                writer.WriteStartArray(name);
                foreach (var value in values)
                {
                    writer.WriteStringValue(value);
                }

                writer.WriteEndArray();
            }
            else
            {
                writer.WriteString(name, values.ToString());
            }
        }

        writer.WriteEndObject();
    }

    /// <summary>What <c>String(new Date())</c> gives on a server running in UTC.</summary>
    public static string JsDateString(DateTimeOffset time) =>
        time.UtcDateTime.ToString("ddd MMM dd yyyy HH:mm:ss", CultureInfo.InvariantCulture) + " GMT+0000 (Coordinated Universal Time)";
}
