using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ScriptService.Jobs;

namespace ScriptService.Tests.Jobs;

/// <summary>A script's text writes what a plain string would, whichever way the writer escapes.</summary>
public sealed class ScriptTextTests
{
    public static TheoryData<string> Texts => new()
    {
        "",
        "Plain text.",
        "Kịch bản\n\n\tdòng 2 \u0001 \"trích dẫn\" \\ <b>&'</b> \u2028 \U0001F600 \u007f",
        new string('x', 70_000) + "\n",
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void Write_RelaxedWriter_WritesWhatAStringWrites(string text)
    {
        var options = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        Assert.Equal(WriteString(text, options), WriteScript(new ScriptText(text), options));
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public void Write_DefaultWriter_WritesWhatAStringWrites(string text)
    {
        // The default encoder escapes more (every non-ASCII letter, HTML characters): the kept form must not leak into it.
        var script = new ScriptText(text);
        _ = script.RelaxedJson;
        Assert.Equal(WriteString(text, default), WriteScript(script, default));
    }

    [Fact]
    public void Write_Twice_SameBytes()
    {
        var options = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        var script = new ScriptText("Kịch bản\n\"x\"");
        Assert.Equal(WriteScript(script, options), WriteScript(script, options));
    }

    [Fact]
    public void Read_String_RoundTrips()
    {
        var script = JsonSerializer.Deserialize<ScriptText>("\"Kịch bản\\n\\u0041\"");
        Assert.Equal(new ScriptText("Kịch bản\nA"), script);
    }

    [Theory]
    [InlineData("42")]
    [InlineData("{}")]
    [InlineData("[\"text\"]")]
    public void Read_NotAString_Throws(string json)
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<ScriptText>(json));
    }

    [Fact]
    public void Equality_IsTheText()
    {
        Assert.Equal(new ScriptText("a"), new ScriptText("a"));
        Assert.Equal(new ScriptText("a").GetHashCode(), new ScriptText("a").GetHashCode());
        Assert.NotEqual(new ScriptText("a"), new ScriptText("A"));
    }

    private static string WriteString(string text, JsonWriterOptions options) => Write(writer => writer.WriteStringValue(text), options);

    private static string WriteScript(ScriptText script, JsonWriterOptions options) =>
        Write(writer => JsonSerializer.Serialize(writer, script), options);

    private static string Write(Action<Utf8JsonWriter> write, JsonWriterOptions options)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, options))
        {
            writer.WriteStartArray();
            write(writer);
            writer.WriteNumberValue(1);
            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
