using System.Text;
using System.Text.Json;
using CsCheck;
using Microsoft.Extensions.DependencyInjection;
using SocketIo.Internal;
using SocketIo.Protocol;
using SocketIo.Tests.Infrastructure;

namespace SocketIo.Tests.Properties;

/// <summary>
/// The arguments of a client's event or ack, as JSON text a client may write: escapes of any code unit (lone
/// surrogates included), numbers of any size, placeholders that point anywhere. Parsing fails only with
/// <see cref="JsonException"/>; reading an argument fails only as documented (<see cref="JsonException"/> from Get,
/// <see cref="InvalidOperationException"/> from GetBinary for one that is not binary); the event name is read without
/// failing at all.
/// </summary>
public sealed class JsonArgumentsProperties
{
    private static readonly JsonSerializerOptions _options = CreateServerJsonOptions();
    private static readonly ReadOnlyMemory<byte>[] _attachments = [new byte[] { 1, 2, 3 }, Array.Empty<byte>()];

    private static readonly Gen<string> _stringLiteral = Gen.Frequency(
        (3, Gen.Char["abc é€"].Select(c => c.ToString())),
        (2, Gen.Int[0, 0xFFFF].Select(u => $"\\u{u:x4}")),
        (2, Gen.OneOf("\\ud800", "\\udfff", "\\ud83d\\ude00", "\\ude00\\ud83d", "\\n", "\\\"", "\\\\", "\\/")))
        .Array[0, 6].Select(parts => "\"" + string.Concat(parts) + "\"");

    private static readonly Gen<string> _number = Gen.OneOf(
        Gen.Long.Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        Gen.OneOf("0", "-0", "1e400", "-1e400", "1.5", "123456789012345678901234567890", "2147483648", "-9223372036854775809", "1E-400"));

    private static readonly Gen<string> _json = Gen.Recursive<string>((depth, inner) => Gen.Frequency(
        (3, Gen.OneOf(Gen.OneOf("null", "true", "false"), _number, _stringLiteral)),
        (1, Gen.Select(Gen.OneOf("-1", "0", "1", "2", "1.5", "1e3", "99999999999", "\"0\"", "{}", "[0]", "null"), Gen.OneOf("true", "1", "false"))
            .Select((num, flag) => $"{{\"_placeholder\":{flag},\"num\":{num}}}")),
        (depth < 4 ? 1 : 0, inner.Array[0, 4].Select(items => "[" + string.Join(",", items) + "]")),
        (depth < 4 ? 1 : 0, Gen.Select(Gen.OneOf("\"name\"", "\"data\"", "\"a\"", "\"\\ud800\"", "\"\\ud800\\ud800\\ud800\"", "\"_placeholde\\udc00\"", "\"n\\ud800\""), inner).Array[0, 3]
            .Select(pairs => "{" + string.Join(",", pairs.Select(p => p.Item1 + ":" + p.Item2)) + "}"))));

    [Fact]
    public void Arguments_AnyJson_ReadOnlyWithTheDocumentedFailures()
    {
        Gen.Select(_json.Array[0, 4], Gen.Int[0, 3]).Sample((items, damage) =>
        {
            var text = "[" + string.Join(",", items) + "]";
            // Sometimes cut short or given trailing data, which the parse must refuse.
            text = damage switch { 1 => text[..^1], 2 => text + "]", _ => text };
            SocketIoAckResponse response;
            try
            {
                response = AckRegistry.ParseResponse("s", Encoding.UTF8.GetBytes(text), _attachments, _options);
            }
            catch (JsonException)
            {
                Assert.NotEqual(0, damage);
                return;
            }

            for (var i = 0; i < response.Count; i++)
            {
                try
                {
                    var bytes = response.GetBinary(i);
                    Assert.True(response.IsBinary(i));
                    Assert.Equal(bytes.ToArray(), response.Get<byte[]>(i));
                }
                catch (InvalidOperationException)
                {
                    Assert.False(response.IsBinary(i));
                }

                Get<JsonElement>(response, i);
                Get<string>(response, i);
                Get<long>(response, i);
                Get<double>(response, i);
                Get<byte[]>(response, i);
                Get<FileChunk>(response, i);
                Get<ChatMessage>(response, i);
                Get<Dictionary<string, object?>>(response, i);
                Get<List<object?>>(response, i);
            }

            if (response.Count > 0)
            {
                // The event name as the dispatcher reads it for the handlers, the catch-all handlers and the logs.
                var name = SocketIoSocket.EventName(response[0]);
                Assert.NotNull(name);
            }
        }, iter: 10_000);
    }

    [Theory]
    [InlineData("\"\\ud800\"", "\"\\ud800\"")]
    [InlineData("\"a\\udfffb\"", "\"a\\udfffb\"")]
    [InlineData("\"\\ud83d\\ude00\"", "😀")]
    [InlineData("\"register\"", "register")]
    [InlineData("12", "12")]
    public void EventName_LoneSurrogate_TheRawTextInsteadOfAnException(string json, string expected)
    {
        using var document = JsonDocument.Parse(json);

        Assert.Equal(expected, SocketIoSocket.EventName(document.RootElement));
    }

    [Fact]
    public void EventName_InvalidUtf8_TheBytesWithReplacementsInsteadOfAnException()
    {
        // A polling body may carry bytes that are not UTF-8; the JSON parser lets them through inside strings.
        byte[] json = [(byte)'"', (byte)'a', 0xFF, (byte)'b', (byte)'"'];
        using var document = JsonDocument.Parse(json);

        Assert.Equal("\"a\uFFFDb\"", SocketIoSocket.EventName(document.RootElement));
    }

    /// <summary>
    /// Names that make <see cref="JsonElement.TryGetProperty(string, out JsonElement)"/> throw when it looks for
    /// <c>_placeholder</c> or <c>num</c> (it unescapes only names that could match by length).
    /// </summary>
    [Theory]
    [InlineData("""{"\ud800\ud800\ud800":1}""")]
    [InlineData("""{"_placeholder":true,"num":0,"n\udc00":1}""")]
    [InlineData("""[1,{"a":{"\ud800_placeholder":2}}]""")]
    public void Placeholders_ObjectWithAnUnreadableName_NotAPlaceholderAndNotFitting(string json)
    {
        using var document = JsonDocument.Parse(json);

        Assert.False(BinaryAttachments.TryGetPlaceholder(document.RootElement, out _));
        Assert.False(BinaryAttachments.PlaceholdersFit(document.RootElement, 1));
    }

    /// <summary>Found by fuzz/ (issue 17): a placeholder whose <c>num</c> is not a number made the check throw.</summary>
    [Theory]
    [InlineData("""{"_placeholder":true,"num":{"_per":true}}""")]
    [InlineData("""{"_placeholder":true,"num":"0"}""")]
    [InlineData("""{"_placeholder":true,"num":null}""")]
    [InlineData("""[{"_placeholder":true,"num":[0]}]""")]
    public void Placeholders_NumNotANumber_NotAPlaceholderAndNotFitting(string json)
    {
        using var document = JsonDocument.Parse(json);

        Assert.False(BinaryAttachments.TryGetPlaceholder(document.RootElement, out _));
        Assert.False(BinaryAttachments.PlaceholdersFit(document.RootElement, 1));
    }

    private static void Get<T>(SocketIoArguments args, int index)
    {
        try
        {
            args.Get<T>(index);
        }
        catch (JsonException)
        {
        }
    }

    private static JsonSerializerOptions CreateServerJsonOptions()
    {
        var services = new ServiceCollection().AddLogging().AddMetrics().AddSocketIo(TestJsonContext.Configure);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<SocketIoServer>().JsonOptions;
    }
}
