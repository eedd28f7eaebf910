using System.Text;
using System.Text.Json;
using CsCheck;
using Microsoft.Extensions.DependencyInjection;
using SocketIo.Internal;
using SocketIo.Protocol;
using SocketIo.Tests.Infrastructure;

namespace SocketIo.Tests.Properties;

/// <summary>
/// Socket.IO packets with binary attachments, over generated events and acks and over arbitrary bytes: what
/// <see cref="SocketPacketWriter"/> writes reads back (header, placeholders, attachments, every argument) to what was
/// written; the header reader and payload check refuse or accept any bytes without throwing; the attachment count is
/// taken only from 1 to the limit.
/// </summary>
public sealed class SocketPacketProperties
{
    private const int MaxAttachments = 10;

    private static readonly JsonSerializerOptions _options = CreateServerJsonOptions();

    /// <summary>
    /// Text with the characters JSON escapes, non-ASCII and surrogate pairs over-represented. Only whole characters: a
    /// string the server writes is its own, and a lone surrogate in it would be the application's bug.
    /// </summary>
    internal static readonly Gen<string> Text = Gen.Frequency(
        (3, Gen.Char[" abcxyz019"].Select(c => c.ToString())),
        (1, Gen.Char["\"\\/\b\f\n\r\t\u0000\u001f<>&'\u007f"].Select(c => c.ToString())),
        (1, Gen.Char["éß€中\u2028\u2029\uFEFF"].Select(c => c.ToString())),
        (1, Gen.Const("😀")),
        (1, Gen.Char.Where(c => !char.IsSurrogate(c)).Select(c => c.ToString())))
        .Array[0, 12].Select(string.Concat);

    /// <summary>An argument as an application passes it: JSON values, byte arrays anywhere, records with binary inside.</summary>
    internal static readonly Gen<object?> Argument = Gen.Recursive<object?>((depth, inner) => Gen.Frequency(
        (3, Gen.OneOf<object?>(
            Gen.Const(0).Select(_ => (object?)null),
            Gen.Bool.Select(b => (object?)b),
            Gen.Long.Select(n => (object?)n),
            Gen.Double.Where(double.IsFinite).Select(d => (object?)d),
            Text.Select(s => (object?)s))),
        (2, Gen.Byte.Array[0, 16].Select(b => (object?)b)),
        (1, Gen.Select(Text, Gen.Byte.Array[0, 8], (name, data) => (object?)new FileChunk(name, data))),
        (depth < 3 ? 1 : 0, inner.List[0, 4].Select(list => (object?)list)),
        (depth < 3 ? 1 : 0, Gen.Select(Text, inner).List[0, 4].Select(pairs => (object?)pairs.DistinctBy(p => p.Item1).ToDictionary(p => p.Item1, p => p.Item2)))));

    private static readonly Gen<string> _namespace = Gen.Frequency(
        (2, Gen.Const("/")),
        (1, Gen.Char["abcxyz019-_.é"].Array[1, 8].Select(c => "/" + new string(c))));

    private static readonly Gen<long> _ackId = Gen.Frequency((1, Gen.Const(-1L)), (2, Gen.Long[0, 999_999_999_999_999]));

    [Fact]
    public void Event_WrittenThenRead_SameHeaderNameArgumentsAndAttachments()
    {
        Gen.Select(_namespace, _ackId, Text, Argument.Array[0, 5]).Sample((nsp, ackId, name, args) =>
            AssertRoundTrip(nsp, ackId, name, args), iter: 5_000);
    }

    [Fact]
    public void Ack_WrittenThenRead_SameHeaderArgumentsAndAttachments()
    {
        Gen.Select(_namespace, Gen.Long[0, 999_999_999_999_999], Argument.Array[0, 5]).Sample((nsp, ackId, args) =>
            AssertRoundTrip(nsp, ackId, eventName: null, args), iter: 5_000);
    }

    private static void AssertRoundTrip(string nsp, long ackId, string? eventName, object?[] args)
    {
        var text = SocketPacketWriter.EncodeText(nsp, ackId, eventName, args, _options, out var written);
        var attachments = written ?? [];
        Assert.Equal(args.Sum(CountBinary), attachments.Length);

        Assert.True(SocketPacketReader.TryReadHeader(text, MaxAttachments + attachments.Length, out var header));
        var isEvent = eventName is not null;
        var expectedType = attachments.Length > 0
            ? (isEvent ? SocketPacketType.BinaryEvent : SocketPacketType.BinaryAck)
            : (isEvent ? SocketPacketType.Event : SocketPacketType.Ack);
        Assert.Equal(expectedType, header.Type);
        Assert.Equal(attachments.Length, header.Attachments);
        Assert.Equal(nsp, header.Namespace.Start.Value == header.Namespace.End.Value ? "/" : Encoding.UTF8.GetString(text.AsSpan()[header.Namespace]));
        Assert.Equal(ackId, header.AckId);
        var payload = text.AsMemory(header.PayloadStart);
        Assert.True(SocketPacketReader.IsPayloadValid(header, payload.Span));

        var response = AckRegistry.ParseResponse("s", payload.Span, attachments, _options);
        Assert.True(BinaryAttachments.PlaceholdersFit(response.Arguments, attachments.Length));
        var offset = isEvent ? 1 : 0;
        Assert.Equal(args.Length + offset, response.Count);
        if (isEvent)
        {
            Assert.Equal(eventName, response[0].GetString());
        }

        for (var i = 0; i < args.Length; i++)
        {
            AssertSame(args[i], response[i + offset], attachments);
            switch (args[i])
            {
                case byte[] bytes:
                    Assert.True(response.IsBinary(i + offset));
                    Assert.Equal(bytes, response.GetBinary(i + offset).ToArray());
                    Assert.Equal(bytes, response.Get<byte[]>(i + offset));
                    break;
                case FileChunk chunk:
                    var read = response.Get<FileChunk>(i + offset)!;
                    Assert.Equal(chunk.Name, read.Name);
                    Assert.Equal(chunk.Data, read.Data);
                    break;
            }
        }
    }

    /// <summary>The value read back is the one written, a byte array as a placeholder for its own attachment.</summary>
    private static void AssertSame(object? expected, JsonElement actual, ReadOnlyMemory<byte>[] attachments)
    {
        switch (expected)
        {
            case null:
                Assert.Equal(JsonValueKind.Null, actual.ValueKind);
                break;
            case bool flag:
                Assert.Equal(flag, actual.GetBoolean());
                break;
            case long number:
                Assert.Equal(number, actual.GetInt64());
                break;
            case double number:
                Assert.Equal(number, actual.GetDouble());
                break;
            case string text:
                Assert.Equal(text, actual.GetString());
                break;
            case byte[] bytes:
                Assert.True(BinaryAttachments.TryGetPlaceholder(actual, out var index));
                Assert.Equal(bytes, attachments[index].ToArray());
                break;
            case FileChunk chunk:
                Assert.Equal(chunk.Name, actual.GetProperty("name").GetString());
                AssertSame(chunk.Data, actual.GetProperty("data"), attachments);
                break;
            case List<object?> list:
                Assert.Equal(list.Count, actual.GetArrayLength());
                for (var i = 0; i < list.Count; i++)
                {
                    AssertSame(list[i], actual[i], attachments);
                }

                break;
            case Dictionary<string, object?> map:
                Assert.Equal(map.Count, actual.EnumerateObject().Count());
                foreach (var (key, value) in map)
                {
                    AssertSame(value, actual.GetProperty(key), attachments);
                }

                break;
            default:
                Assert.Fail($"Unexpected generated value {expected.GetType()}.");
                break;
        }
    }

    private static int CountBinary(object? value) => value switch
    {
        byte[] => 1,
        FileChunk => 1,
        List<object?> list => list.Sum(CountBinary),
        Dictionary<string, object?> map => map.Values.Sum(CountBinary),
        _ => 0,
    };

    /// <summary>Bytes with the header's own characters over-represented.</summary>
    private static readonly Gen<byte[]> _packetBytes = Gen.Frequency(
        (2, Gen.Byte),
        (3, Gen.Byte["0123456789-/,[]{}\"".Min(c => (byte)c), (byte)'9']),
        (2, Gen.OneOf((byte)'-', (byte)'/', (byte)',', (byte)'[', (byte)']', (byte)'{', (byte)'"')))
        .Array[0, 40];

    [Fact]
    public void ReadHeader_AnyBytes_RefusesOrReadsWithinThePacket()
    {
        _packetBytes.Sample(bytes =>
        {
            if (!SocketPacketReader.TryReadHeader(bytes, MaxAttachments, out var header))
            {
                return;
            }

            Assert.InRange(header.PayloadStart, 1, bytes.Length);
            Assert.InRange(header.Namespace.End.Value, header.Namespace.Start.Value, header.PayloadStart);
            Assert.Equal(header.IsBinary, header.Attachments > 0);
            Assert.InRange(header.Attachments, 0, MaxAttachments);
            Assert.True(header.AckId is -1 or >= 0);
            var payload = bytes.AsSpan(header.PayloadStart);
            if (SocketPacketReader.IsPayloadValid(header, payload) && header.Type is SocketPacketType.Event or SocketPacketType.BinaryEvent)
            {
                // What passes the check starts as an event does, whatever follows.
                var reader = new Utf8JsonReader(payload);
                Assert.True(reader.Read() && reader.TokenType == JsonTokenType.StartArray);
            }
        }, iter: 50_000);
    }

    [Fact]
    public void ReadHeader_AttachmentCount_TakenFromOneToTheLimitOnly()
    {
        Gen.Select(Gen.OneOf('5', '6'), Gen.Long[0, 99], Gen.Int[1, 20]).Sample((type, count, limit) =>
        {
            var packet = Encoding.ASCII.GetBytes($"{type}{count}-[\"e\"]");
            var accepted = SocketPacketReader.TryReadHeader(packet, limit, out var header);
            Assert.Equal(count >= 1 && count <= limit, accepted);
            if (accepted)
            {
                Assert.Equal(count, header.Attachments);
            }
        }, iter: 2_000);
    }

    private static JsonSerializerOptions CreateServerJsonOptions()
    {
        var services = new ServiceCollection().AddLogging().AddMetrics().AddSocketIo(TestJsonContext.Configure);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<SocketIoServer>().JsonOptions;
    }
}
