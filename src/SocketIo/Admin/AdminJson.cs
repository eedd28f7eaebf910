using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using EngineIo;
using SocketIo.Internal;
using SocketIo.Protocol;

namespace SocketIo.Admin;

/// <summary>
/// What the dashboard receives, written straight to JSON in the reference's shapes, so that no type of it needs a
/// serializer (and none needs reflection).
/// </summary>
internal static class AdminJson
{
    private static readonly JsonWriterOptions _options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static JsonElement Build<TState>(TState state, Action<Utf8JsonWriter, TState> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, _options))
        {
            write(writer, state);
        }

        return JsonElement.Parse(buffer.WrittenSpan);
    }

    /// <summary>A date as JavaScript's <c>JSON.stringify(new Date())</c> writes it.</summary>
    public static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static string TransportName(EngineIoTransports transport) =>
        transport == EngineIoTransports.WebSocket ? "websocket" : "polling";

    /// <summary>
    /// A socket as the dashboard lists it: <c>{id, clientId, transport, nsp, data, handshake, rooms}</c>. The clientId
    /// is the start of the connection id only, and the handshake leaves out <c>auth</c> (the dashboard's own carries its
    /// password), as in the reference.
    /// </summary>
    public static void WriteSocket(Utf8JsonWriter writer, SocketIoSocket socket)
    {
        var handshake = socket.Handshake;
        var engineId = socket.Client.Engine.Id;
        writer.WriteStartObject();
        writer.WriteString("id", socket.Id);
        writer.WriteString("clientId", engineId.Length > 12 ? engineId[..12] : engineId);
        writer.WriteString("transport", TransportName(socket.Transport));
        writer.WriteString("nsp", socket.Namespace.Name);
        writer.WritePropertyName("data");
        WriteData(writer, socket.Data, socket.Namespace.Server.JsonOptions);
        writer.WriteStartObject("handshake");
        // Behind a proxy the client's address is the one the proxy reports, as the reference reads it.
        var headers = handshake.Headers;
        var address = headers.TryGetValue("cf-connecting-ip", out var cf) && cf.Count > 0 ? cf.ToString()
            : headers.TryGetValue("x-forwarded-for", out var forwarded) && forwarded.Count > 0 ? forwarded.ToString()
            : handshake.Address;
        writer.WriteString("address", address);
        HandshakeJson.WriteHeaders(writer, handshake);
        HandshakeJson.WriteQuery(writer, handshake);
        writer.WriteNumber("issued", handshake.Issued);
        writer.WriteBoolean("secure", handshake.Secure);
        writer.WriteString("time", HandshakeJson.JsDateString(handshake.Time));
        writer.WriteString("url", handshake.Url);
        writer.WriteBoolean("xdomain", handshake.CrossDomain);
        writer.WriteEndObject();
        writer.WriteStartArray("rooms");
        foreach (var room in socket.Rooms)
        {
            writer.WriteStringValue(room);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>
    /// The socket's data, or an empty object: data that does not serialize must not keep the socket off the dashboard,
    /// so it is written apart first.
    /// </summary>
    private static void WriteData(Utf8JsonWriter writer, object? data, JsonSerializerOptions options)
    {
        if (data is null)
        {
            writer.WriteStartObject();
            writer.WriteEndObject();
            return;
        }

        try
        {
            var element = Build((data, options), static (w, s) => SocketPacketWriter.WriteArgument(w, s.data, s.options));
            element.WriteTo(writer);
        }
        catch (Exception ex) when (ex is NotSupportedException or JsonException or InvalidOperationException)
        {
            writer.WriteStartObject();
            writer.WriteEndObject();
        }
    }

    /// <summary>An event's name and arguments as one array, as the dashboard shows it.</summary>
    public static JsonElement EventArray(string eventName, IReadOnlyList<object?> args, JsonSerializerOptions options) =>
        Build((eventName, args, options), static (writer, s) =>
        {
            writer.WriteStartArray();
            writer.WriteStringValue(s.eventName);
            foreach (var arg in s.args)
            {
                try
                {
                    var element = Build((arg, s.options), static (w, a) => SocketPacketWriter.WriteArgument(w, a.arg, a.options));
                    element.WriteTo(writer);
                }
                catch (Exception ex) when (ex is NotSupportedException or JsonException or InvalidOperationException)
                {
                    writer.WriteNullValue();
                }
            }

            writer.WriteEndArray();
        });
}
