using System.Buffers;
using System.Text;
using System.Text.Json;
using SocketIo.Adapters;
using SocketIo.Redis.Protocol;

namespace SocketIo.Redis.Tests;

/// <summary>
/// The MessagePack messages Node's adapter (and emitter) published in the golden captures (golden/classic, recorded
/// by tests/SocketIo.Redis.InteropTests/node/capture-golden.mjs): each is read as Node's servers read it, and the
/// adapter writes the same bytes for the same content.
/// </summary>
public sealed class GoldenWireTests
{
    public static TheoryData<string, int> Messages()
    {
        var data = new TheoryData<string, int>();
        foreach (var file in Directory.GetFiles(GoldenDirectory, "*.json").Order(StringComparer.Ordinal))
        {
            using var golden = JsonDocument.Parse(File.ReadAllBytes(file));
            var index = 0;
            foreach (var message in golden.RootElement.GetProperty("messages").EnumerateArray())
            {
                if (message.GetProperty("encoding").GetString() == "msgpack")
                {
                    data.Add(Path.GetFileName(file), index);
                }

                index++;
            }
        }

        return data;
    }

    private static string GoldenDirectory => Path.Combine(AppContext.BaseDirectory, "golden", "classic");

    [Theory]
    [MemberData(nameof(Messages))]
    public void MessagePackMessage_ReadAsNodeAndWrittenByteForByte(string file, int index)
    {
        using var golden = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(GoldenDirectory, file)));
        var message = golden.RootElement.GetProperty("messages")[index];
        var bytes = Convert.FromHexString(message.GetProperty("hex").GetString()!);
        var decoded = message.GetProperty("decoded");
        var channel = message.GetProperty("channel").GetString()!;

        if (decoded.ValueKind == JsonValueKind.Array)
        {
            CheckBroadcast(bytes, decoded);
        }
        else if (decoded.GetProperty("type").GetInt32() == (int)RequestType.Broadcast)
        {
            CheckBroadcastRequest(bytes, decoded);
        }
        else if (decoded.GetProperty("type").GetInt32() == (int)RequestType.BroadcastAck)
        {
            CheckBroadcastAck(bytes, decoded);
        }
        else
        {
            Assert.Fail($"No check for the message on {channel}.");
        }
    }

    private static void CheckBroadcast(byte[] bytes, JsonElement decoded)
    {
        var uid = decoded[0].GetString()!;
        var nsp = decoded[1].GetProperty("nsp").GetString()!;
        var broadcast = RedisMessageCodec.DecodeBroadcast(bytes, "notthat", nsp);
        Assert.NotNull(broadcast);
        Assert.Equal(uid, broadcast.Uid);
        Assert.Null(RedisMessageCodec.DecodeBroadcast(bytes, uid, nsp));
        Assert.Null(RedisMessageCodec.DecodeBroadcast(bytes, "notthat", nsp + "x"));

        var (expectedData, expectedAttachments) = ExpectedJson(decoded[1].GetProperty("data"));
        Assert.Equal(expectedData, Encoding.UTF8.GetString(broadcast.Data.Span));
        Assert.Equal(expectedAttachments, broadcast.Attachments.Select(static a => Convert.ToHexString(a.Span)));
        var opts = decoded[2];
        Assert.Equal(Strings(opts.GetProperty("rooms")), broadcast.Options.Rooms.Order());
        Assert.Equal(Strings(opts.GetProperty("except")), broadcast.Options.Except.Order());
        var flags = opts.GetProperty("flags");
        Assert.Equal(flags.TryGetProperty("volatile", out var v) && v.GetBoolean(), broadcast.Options.Volatile);
        Assert.Equal(!flags.TryGetProperty("compress", out var c) || c.GetBoolean(), broadcast.Options.Compress);

        // The packet the clients get: as Node's parser writes it.
        var text = Encoding.UTF8.GetString(broadcast.ToPacket().Text.Span);
        var prefix = (expectedAttachments.Length > 0 ? $"5{expectedAttachments.Length}-" : "2") + (nsp == "/" ? "" : nsp + ",");
        Assert.Equal(prefix + expectedData, text);

        // Written back: the same bytes, for what this adapter writes (Node's adapter's key order; the emitter's differs,
        // RemoteSocket's expectSingleResponse flag is not one this adapter sends, and a date relayed here is a string).
        if (uid != "emitter" && !flags.TryGetProperty("expectSingleResponse", out _) && !decoded.GetRawText().Contains("\"$date\"", StringComparison.Ordinal))
        {
            var encoded = RedisMessageCodec.EncodeBroadcast(uid, nsp, broadcast.ToPacket(), broadcast.Options);
            Assert.Equal(Convert.ToHexString(bytes), Convert.ToHexString(encoded));
        }
    }

    private static void CheckBroadcastRequest(byte[] bytes, JsonElement decoded)
    {
        var attachments = new List<ReadOnlyMemory<byte>>();
        using var request = RedisMessageCodec.ParseRequest(bytes, attachments);
        var root = request.RootElement;
        var packet = root.GetProperty("packet");
        var nsp = packet.GetProperty("nsp").GetString()!;
        var rooms = new HashSet<string>(Strings(root.GetProperty("opts").GetProperty("rooms")));
        var except = new HashSet<string>(Strings(root.GetProperty("opts").GetProperty("except")));
        var broadcast = new RemoteBroadcast
        {
            Uid = "",
            Namespace = nsp,
            Data = Encoding.UTF8.GetBytes(packet.GetProperty("data").GetRawText()),
            Attachments = attachments,
            Options = new SocketIoBroadcastOptions(rooms, except, isVolatile: false, isLocal: false),
        };
        var timeout = TimeSpan.FromMilliseconds(decoded.GetProperty("opts").GetProperty("flags").GetProperty("timeout").GetDouble());

        var encoded = RedisMessageCodec.EncodeBroadcastRequest(
            decoded.GetProperty("uid").GetString()!, decoded.GetProperty("requestId").GetString()!, nsp, broadcast.ToPacket(ackId: 3), broadcast.Options, timeout);

        Assert.Equal(Convert.ToHexString(bytes), Convert.ToHexString(encoded));
    }

    private static void CheckBroadcastAck(byte[] bytes, JsonElement decoded)
    {
        var attachments = new List<ReadOnlyMemory<byte>>();
        using var response = RedisMessageCodec.ParseRequest(bytes, attachments);
        var root = response.RootElement;
        var array = root.TryGetProperty("packet", out var packet) ? JsonElement.Parse("[" + packet.GetRawText() + "]") : JsonElement.Parse("[]");
        var answer = new SocketIoAckResponse("", array, attachments, JsonSerializerOptions.Default);

        var encoded = RedisMessageCodec.EncodeBroadcastAck(decoded.GetProperty("requestId").GetString()!, answer);

        Assert.Equal(Convert.ToHexString(bytes), Convert.ToHexString(encoded));
    }

    private static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(static e => e.GetString()!).Order(StringComparer.Ordinal)];

    /// <summary>
    /// What the clients' JSON is for a captured value: <c>$binary</c> → a placeholder (its bytes an attachment, in
    /// order), <c>$date</c> → its ISO string, <c>$undefined</c> → null in an array and nothing in an object.
    /// </summary>
    internal static (string Json, string[] Attachments) ExpectedJson(JsonElement value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var attachments = new List<string>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            Write(writer, value, attachments);
        }

        return (Encoding.UTF8.GetString(buffer.WrittenSpan), [.. attachments]);
    }

    private static void Write(Utf8JsonWriter writer, JsonElement value, List<string> attachments)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in value.EnumerateArray())
                {
                    if (IsUndefined(item))
                    {
                        writer.WriteNullValue();
                    }
                    else
                    {
                        Write(writer, item, attachments);
                    }
                }

                writer.WriteEndArray();
                break;
            case JsonValueKind.Object when value.TryGetProperty("$binary", out var hex):
                writer.WriteStartObject();
                writer.WriteBoolean("_placeholder", true);
                writer.WriteNumber("num", attachments.Count);
                writer.WriteEndObject();
                attachments.Add(hex.GetString()!.ToUpperInvariant());
                break;
            case JsonValueKind.Object when value.TryGetProperty("$date", out var date):
                writer.WriteStringValue(date.GetString());
                break;
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in value.EnumerateObject())
                {
                    if (!IsUndefined(property.Value))
                    {
                        writer.WritePropertyName(property.Name);
                        Write(writer, property.Value, attachments);
                    }
                }

                writer.WriteEndObject();
                break;
            default:
                value.WriteTo(writer);
                break;
        }
    }

    private static bool IsUndefined(JsonElement value) => value.ValueKind == JsonValueKind.Object && value.TryGetProperty("$undefined", out _);
}
