using System.Buffers;
using System.Text;
using System.Text.Json;
using SocketIo.Adapters;
using SocketIo.Redis.Internal;
using SocketIo.Redis.Protocol;
using SocketIo.Tests.Infrastructure;

namespace SocketIo.Redis.Tests;

/// <summary>
/// Every message Node's sharded adapter published in the golden captures (golden/sharded/dynamic and static, recorded
/// by tests/SocketIo.Redis.InteropTests/node/capture-golden.mjs): read as Node reads it, written back byte for byte by
/// the sharded adapter's own writers (with the captured ids), on the channel the adapter would choose.
/// </summary>
public sealed class ShardedGoldenWireTests
{
    public static TheoryData<string, string, int> Messages()
    {
        var data = new TheoryData<string, string, int>();
        foreach (var mode in new[] { "dynamic", "static" })
        {
            foreach (var file in Directory.GetFiles(Path.Combine(GoldenDirectory, mode), "*.json").Order(StringComparer.Ordinal))
            {
                using var golden = JsonDocument.Parse(File.ReadAllBytes(file));
                for (var i = 0; i < golden.RootElement.GetProperty("messages").GetArrayLength(); i++)
                {
                    data.Add(mode, Path.GetFileName(file), i);
                }
            }
        }

        return data;
    }

    private static string GoldenDirectory => Path.Combine(AppContext.BaseDirectory, "golden", "sharded");

    [Theory]
    [MemberData(nameof(Messages))]
    public async Task Message_ReadAsNodeAndWrittenByteForByte(string mode, string file, int index)
    {
        using var golden = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(GoldenDirectory, mode, file)));
        var message = golden.RootElement.GetProperty("messages")[index];
        var bytes = Convert.FromHexString(message.GetProperty("hex").GetString()!);
        var decoded = message.GetProperty("decoded");
        Assert.Equal(message.GetProperty("encoding").GetString() == "json", bytes[0] == (byte)'{');

        // Read as Node reads it: JSON or notepack by the first byte, binary values as attachments.
        var attachments = new List<ReadOnlyMemory<byte>>();
        using var document = RedisMessageCodec.ParseRequest(bytes, attachments);
        var (expectedJson, expectedAttachments) = GoldenWireTests.ExpectedJson(decoded);
        Assert.Equal(expectedJson, Normalized(document.RootElement));
        Assert.Equal(expectedAttachments, attachments.Select(static a => Convert.ToHexString(a.Span)));

        var root = document.RootElement;
        var type = (ClusterMessageType)root.GetProperty("type").GetInt32();
        var uid = root.GetProperty("uid").GetString()!;
        var nsp = root.GetProperty("nsp").GetString()!;
        var data = root.GetProperty("data");
        var requestId = data.TryGetProperty("requestId", out var id) ? id.GetString() : null;
        var options = Unlocal(ClusterMessageCodec.ReadOptions(data));
        var flags = data.TryGetProperty("opts", out var opts) ? opts.GetProperty("flags") : default;
        var channel = message.GetProperty("channel").GetString()!;
        var namespaceChannel = "socket.io#" + nsp + "#";

        byte[]? written = null;
        switch (type)
        {
            case ClusterMessageType.Broadcast when requestId is null:
            {
                var broadcast = Broadcast(data, nsp, attachments);
                var packet = broadcast.ToPacket();
                var prefix = (expectedAttachments.Length > 0 ? $"5{expectedAttachments.Length}-" : "2") + (nsp == "/" ? "" : nsp + ",");
                Assert.Equal(prefix + Normalized(data.GetProperty("packet").GetProperty("data")), Encoding.UTF8.GetString(packet.Text.Span));
                Assert.Equal(channel, ShardedRedisAdapter.BroadcastChannelName(namespaceChannel, Mode(mode), options.Rooms));
                // RemoteSocket's expectSingleResponse is not a flag of this server's broadcasts.
                if (!flags.TryGetProperty("expectSingleResponse", out _))
                {
                    written = ClusterMessages.Broadcast(uid, nsp, packet, options);
                }

                break;
            }

            case ClusterMessageType.Broadcast:
            {
                Assert.Equal(namespaceChannel, channel);
                var timeout = TimeSpan.FromMilliseconds(flags.GetProperty("timeout").GetDouble());
                written = ClusterMessages.BroadcastWithAck(uid, nsp, Broadcast(data, nsp, attachments).ToPacket(ackId: 3), requestId, options, timeout);
                break;
            }

            case ClusterMessageType.SocketsJoin or ClusterMessageType.SocketsLeave or ClusterMessageType.DisconnectSockets:
                Assert.Equal(namespaceChannel, channel);
                if (!flags.TryGetProperty("expectSingleResponse", out _))
                {
                    var rooms = data.TryGetProperty("rooms", out var r) ? r.EnumerateArray().Select(static e => e.GetString()!).ToList() : null;
                    written = ClusterMessages.Selection(type, uid, nsp, options, rooms, data.TryGetProperty("close", out var close) && close.GetBoolean());
                }

                break;

            case ClusterMessageType.FetchSockets:
                Assert.Equal(namespaceChannel, channel);
                written = ClusterMessages.FetchSockets(uid, nsp, options, requestId!);
                break;

            case ClusterMessageType.ServerSideEmit:
                Assert.Equal(namespaceChannel, channel);
                // This server's server-side emits are JSON (no binary): the MessagePack one (a Buffer argument) is read only.
                if (attachments.Count == 0)
                {
                    written = ClusterMessages.ServerSideEmit(uid, nsp, requestId, Encoding.UTF8.GetBytes(data.GetProperty("packet").GetRawText()));
                }

                break;

            case ClusterMessageType.ServerSideEmitResponse:
                written = ClusterMessages.ServerSideEmitResponse(uid, nsp, requestId!, data.GetProperty("packet"), JsonSerializerOptions.Default);
                break;

            case ClusterMessageType.BroadcastClientCount:
                written = ClusterMessages.BroadcastClientCount(uid, nsp, requestId!, data.GetProperty("clientCount").GetInt32());
                break;

            case ClusterMessageType.BroadcastAck:
                written = ClusterMessages.BroadcastAck(uid, nsp, requestId!, RemoteAckBroadcast.ToAckResponse(data, attachments, JsonSerializerOptions.Default));
                break;

            case ClusterMessageType.FetchSocketsResponse:
            {
                // Read into remote sockets of a namespace (as a requester does), then written back as this server
                // describes its own.
                await using var server = await SocketIoTestServer.StartAsync();
                var sockets = new List<SocketIoRemoteSocket>();
                RemoteSocketJson.ReadAll(server.Io.Sockets, data, sockets);
                Assert.Equal(data.GetProperty("sockets").GetArrayLength(), sockets.Count);
                written = ClusterMessages.FetchSocketsResponse(uid, nsp, requestId!, sockets, JsonSerializerOptions.Default);
                break;
            }

            default:
                Assert.Fail($"No check for type {type}.");
                break;
        }

        if (type is ClusterMessageType.FetchSocketsResponse or ClusterMessageType.ServerSideEmitResponse or ClusterMessageType.BroadcastClientCount or ClusterMessageType.BroadcastAck)
        {
            // Responses go to the requester's own channel.
            Assert.Matches("^socket\\.io#" + System.Text.RegularExpressions.Regex.Escape(nsp) + "#[0-9a-f]{16}#$", channel);
        }

        if (written is not null)
        {
            Assert.Equal(Convert.ToHexString(bytes), Convert.ToHexString(written));
        }
    }

    private static RedisShardedSubscriptionMode Mode(string mode) => mode == "static" ? RedisShardedSubscriptionMode.Static : RedisShardedSubscriptionMode.Dynamic;

    internal static SocketIoBroadcastOptions Unlocal(SocketIoBroadcastOptions options) =>
        new(options.Rooms, options.Except, options.Volatile, isLocal: false, options.Compress);

    internal static RemoteBroadcast Broadcast(JsonElement data, string nsp, List<ReadOnlyMemory<byte>> attachments) => new()
    {
        Uid = "",
        Namespace = nsp,
        Data = Encoding.UTF8.GetBytes(data.GetProperty("packet").GetProperty("data").GetRawText()),
        Attachments = attachments,
        Options = ClusterMessageCodec.ReadOptions(data),
    };

    internal static string Normalized(JsonElement element)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            element.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
