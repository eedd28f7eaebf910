using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using SocketIo.Adapters;
using SocketIo.Protocol.Msgpack;

namespace SocketIo.Redis.Protocol;

/// <summary>
/// The JSON requests and responses of Node's adapter, with the keys in the order Node's <c>JSON.stringify</c> writes
/// them (the golden messages pin it). Optional values Node leaves undefined are left out, as <c>JSON.stringify</c> does.
/// </summary>
internal static class RedisRequestWriter
{
    private static readonly JsonWriterOptions _options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Write<TState>(TState state, Action<Utf8JsonWriter, TState> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, _options))
        {
            writer.WriteStartObject();
            write(writer, state);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary><c>{uid, requestId, type}</c>: the head of a request that expects answers (requestId null for none).</summary>
    public static void WriteHead(Utf8JsonWriter writer, string uid, string? requestId, RequestType type)
    {
        writer.WriteString("uid"u8, uid);
        if (requestId is not null)
        {
            writer.WriteString("requestId"u8, requestId);
        }

        writer.WriteNumber("type"u8, (int)type);
    }

    /// <summary><c>"opts": {rooms, except}</c>.</summary>
    public static void WriteSelection(Utf8JsonWriter writer, SocketIoBroadcastOptions options)
    {
        writer.WriteStartObject("opts"u8);
        WriteStrings(writer, "rooms"u8, options.Rooms);
        WriteStrings(writer, "except"u8, options.Except);
        writer.WriteEndObject();
    }

    public static void WriteStrings(Utf8JsonWriter writer, ReadOnlySpan<byte> name, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    /// <summary>Reads <c>opts: {rooms, except}</c> of a request (rooms may be numbers in Node).</summary>
    public static SocketIoBroadcastOptions ReadSelection(JsonElement request)
    {
        var rooms = new HashSet<string>(StringComparer.Ordinal);
        var except = new HashSet<string>(StringComparer.Ordinal);
        if (request.TryGetProperty("opts"u8, out var opts) && opts.ValueKind == JsonValueKind.Object)
        {
            ReadStrings(opts, "rooms"u8, rooms);
            ReadStrings(opts, "except"u8, except);
        }

        return new SocketIoBroadcastOptions(rooms, except, isVolatile: false, isLocal: true);
    }

    public static void ReadStrings(JsonElement element, ReadOnlySpan<byte> name, ICollection<string> into)
    {
        if (!element.TryGetProperty(name, out var array) || array.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        foreach (var item in array.EnumerateArray())
        {
            switch (item.ValueKind)
            {
                case JsonValueKind.String:
                    into.Add(item.GetString()!);
                    break;
                case JsonValueKind.Number:
                    into.Add(JsNumber.Format(item.GetDouble()));
                    break;
            }
        }
    }

    public static string? GetString(JsonElement element, ReadOnlySpan<byte> name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
