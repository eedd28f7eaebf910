using System.Text;
using System.Text.Json;
using SocketIo.Redis.Internal;
using SocketIo.Redis.Protocol;
using SocketIo.Tests.Infrastructure;

namespace SocketIo.Redis.Tests;

/// <summary>
/// What Node's Redis Streams adapter wrote in the golden captures (golden/streams, recorded by
/// tests/SocketIo.Redis.InteropTests/node/capture-golden-streams.mjs from MONITOR): each stream entry, pub/sub message
/// and session, read as Node reads it and written back byte for byte by this adapter's own writers (with the captured
/// ids), to the stream or channel this adapter would choose.
/// </summary>
public sealed class StreamsGoldenWireTests
{
    private static string GoldenDirectory => Path.Combine(AppContext.BaseDirectory, "golden", "streams");

    public static TheoryData<string, string, int> Commands()
    {
        var data = new TheoryData<string, string, int>();
        foreach (var mode in new[] { "one-stream", "four-streams" })
        {
            foreach (var file in Directory.GetFiles(Path.Combine(GoldenDirectory, mode), "*.json").Order(StringComparer.Ordinal))
            {
                using var golden = JsonDocument.Parse(File.ReadAllBytes(file));
                var commands = golden.RootElement.GetProperty("commands");
                for (var i = 0; i < commands.GetArrayLength(); i++)
                {
                    if (commands[i].GetProperty("command").GetString() is "XADD" or "PUBLISH" or "SET")
                    {
                        data.Add(mode, Path.GetFileName(file), i);
                    }
                }
            }
        }

        return data;
    }

    [Fact]
    public void Captures_HoldEveryKindOfCommand()
    {
        var kinds = Commands().Select(static row => Command((string)row[0], (string)row[1], (int)row[2]).Kind).ToHashSet();
        Assert.Equal(["PUBLISH", "SET", "XADD"], kinds.Order(StringComparer.Ordinal));
    }

    private static (string Kind, JsonElement Command, JsonDocument Document) Command(string mode, string file, int index)
    {
        var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(GoldenDirectory, mode, file)));
        var command = document.RootElement.GetProperty("commands")[index];
        return (command.GetProperty("command").GetString()!, command, document);
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Command_ReadAsNodeAndWrittenByteForByte(string mode, string file, int index)
    {
        var (kind, command, document) = Command(mode, file, index);
        using (document)
        {
            switch (kind)
            {
                case "XADD":
                    CheckEntry(mode, command);
                    break;
                case "PUBLISH":
                    await CheckMessageAsync(command);
                    break;
                case "SET":
                    CheckSession(command);
                    break;
            }
        }
    }

    /// <summary>An entry: the fields in order, <c>data</c> as JSON or base64 MessagePack, and the stream of its namespace.</summary>
    private static void CheckEntry(string mode, JsonElement command)
    {
        var fields = command.GetProperty("fields").EnumerateArray().Select(static f => (f[0].GetString()!, f[1].GetString()!)).ToArray();
        Assert.Equal(["uid", "nsp", "type", "data"], fields.Select(static f => f.Item1));
        var (uid, nsp, type) = (fields[0].Item2, fields[1].Item2, (ClusterMessageType)int.Parse(fields[2].Item2, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(["XADD", command.GetProperty("stream").GetString()!, "MAXLEN", "~", "10000", "*"], command.GetProperty("args").EnumerateArray().Select(static a => a.GetString()!));
        var options = new RedisStreamsAdapterOptions { StreamCount = mode == "four-streams" ? 4 : 1 };
        Assert.Equal(command.GetProperty("stream").GetString(), RedisStreamsAdapter.StreamName(nsp, options));

        var attachments = new List<ReadOnlyMemory<byte>>();
        using var data = ClusterStreamEntry.ReadData(fields[3].Item2, attachments);
        Assert.Equal(command.GetProperty("data").GetProperty("encoding").GetString() == "json", fields[3].Item2.StartsWith('{'));
        var (expectedJson, expectedAttachments) = GoldenWireTests.ExpectedJson(command.GetProperty("data").GetProperty("decoded"));
        Assert.Equal(expectedJson, ShardedGoldenWireTests.Normalized(data.RootElement));
        Assert.Equal(expectedAttachments, attachments.Select(static a => Convert.ToHexString(a.Span)));

        var selection = ShardedGoldenWireTests.Unlocal(ClusterMessageCodec.ReadOptions(data.RootElement));
        var written = type switch
        {
            ClusterMessageType.Broadcast => ClusterStreamEntry.Broadcast(uid, nsp, ShardedGoldenWireTests.Broadcast(data.RootElement, nsp, attachments).ToPacket(), selection),
            ClusterMessageType.SocketsJoin or ClusterMessageType.SocketsLeave => ClusterStreamEntry.Selection(
                type, uid, nsp, selection, data.RootElement.GetProperty("rooms").EnumerateArray().Select(static r => r.GetString()!).ToList(), close: false),
            ClusterMessageType.DisconnectSockets => ClusterStreamEntry.Selection(type, uid, nsp, selection, null, data.RootElement.GetProperty("close").GetBoolean()),
            _ => throw new InvalidOperationException($"No check for type {type}."),
        };
        Assert.Equal(fields, written.Select(static f => ((string)f.Name!, (string)f.Value!)));
    }

    /// <summary>A pub/sub message: always MessagePack, on the namespace's channel or the requester's.</summary>
    private static async Task CheckMessageAsync(JsonElement command)
    {
        var bytes = Convert.FromHexString(command.GetProperty("hex").GetString()!);
        Assert.NotEqual((byte)'{', bytes[0]);
        var attachments = new List<ReadOnlyMemory<byte>>();
        using var document = RedisMessageCodec.ParseRequest(bytes, attachments);
        var (expectedJson, expectedAttachments) = GoldenWireTests.ExpectedJson(command.GetProperty("decoded"));
        Assert.Equal(expectedJson, ShardedGoldenWireTests.Normalized(document.RootElement));
        Assert.Equal(expectedAttachments, attachments.Select(static a => Convert.ToHexString(a.Span)));

        var root = document.RootElement;
        var type = (ClusterMessageType)root.GetProperty("type").GetInt32();
        var uid = root.GetProperty("uid").GetString()!;
        var nsp = root.GetProperty("nsp").GetString()!;
        var data = root.GetProperty("data");
        var requestId = data.TryGetProperty("requestId", out var id) ? id.GetString() : null;
        var channel = command.GetProperty("channel").GetString()!;
        if (ClusterMessageHandler.IsResponse(type))
        {
            Assert.Matches("^socket\\.io#" + System.Text.RegularExpressions.Regex.Escape(nsp) + "#[0-9a-f]{16}#$", channel);
        }
        else
        {
            Assert.Equal("socket.io#" + nsp + "#", channel);
        }

        var options = ShardedGoldenWireTests.Unlocal(ClusterMessageCodec.ReadOptions(data));
        byte[] written;
        switch (type)
        {
            case ClusterMessageType.Broadcast:
                var timeout = TimeSpan.FromMilliseconds(data.GetProperty("opts").GetProperty("flags").GetProperty("timeout").GetDouble());
                written = ClusterMessages.BroadcastWithAck(uid, nsp, ShardedGoldenWireTests.Broadcast(data, nsp, attachments).ToPacket(ackId: 3), requestId!, options, timeout, messagePack: true);
                break;
            case ClusterMessageType.FetchSockets:
                written = ClusterMessages.FetchSockets(uid, nsp, options, requestId!, messagePack: true);
                break;
            case ClusterMessageType.ServerSideEmit:
                written = ClusterMessages.ServerSideEmit(uid, nsp, requestId, Encoding.UTF8.GetBytes(data.GetProperty("packet").GetRawText()), messagePack: true);
                break;
            case ClusterMessageType.ServerSideEmitResponse:
                written = ClusterMessages.ServerSideEmitResponse(uid, nsp, requestId!, data.GetProperty("packet"), JsonSerializerOptions.Default, messagePack: true);
                break;
            case ClusterMessageType.BroadcastClientCount:
                written = ClusterMessages.BroadcastClientCount(uid, nsp, requestId!, data.GetProperty("clientCount").GetInt32(), messagePack: true);
                break;
            case ClusterMessageType.BroadcastAck:
                written = ClusterMessages.BroadcastAck(uid, nsp, requestId!, RemoteAckBroadcast.ToAckResponse(data, attachments, JsonSerializerOptions.Default), messagePack: true);
                break;
            case ClusterMessageType.FetchSocketsResponse:
            {
                await using var server = await SocketIoTestServer.StartAsync();
                var sockets = new List<SocketIoRemoteSocket>();
                RemoteSocketJson.ReadAll(server.Io.Sockets, data, sockets);
                written = ClusterMessages.FetchSocketsResponse(uid, nsp, requestId!, sockets, JsonSerializerOptions.Default, messagePack: true);
                break;
            }

            default:
                throw new InvalidOperationException($"No check for type {type}.");
        }

        Assert.Equal(Convert.ToHexString(bytes), Convert.ToHexString(written));
    }

    /// <summary>A session: <c>SET sio:session:&lt;pid&gt; &lt;base64 MessagePack&gt; PX &lt;window&gt;</c>, read and written back.</summary>
    private static void CheckSession(JsonElement command)
    {
        var args = command.GetProperty("args").EnumerateArray().Select(static a => a.GetString()!).ToArray();
        var value = command.GetProperty("value").GetString()!;
        var session = StreamSession.TryDecode(value);
        Assert.NotNull(session);
        Assert.Equal(["SET", "sio:session:" + session.PrivateId, "PX", "120000"], args);
        var decoded = command.GetProperty("decoded");
        Assert.Equal(decoded.GetProperty("sid").GetString(), session.Id);
        Assert.Equal(decoded.GetProperty("rooms").EnumerateArray().Select(static r => r.GetString()!), session.Rooms);
        Assert.Equal(ShardedGoldenWireTests.Normalized(decoded.GetProperty("data")), ShardedGoldenWireTests.Normalized(Assert.IsType<JsonElement>(session.Data)));
        Assert.Equal(value, StreamSession.Encode(session, JsonSerializerOptions.Default));
    }
}
