using System.Text;
using System.Text.Json;
using CsCheck;
using ScriptService.Api;
using ScriptService.Generation;
using ScriptService.Jobs;

namespace ScriptService.Tests.Properties;

/// <summary>
/// The body of <c>POST /api/scripts</c> and the job ids of <c>register</c>, over generated bodies: a valid request
/// written as JSON parses back to itself; any JSON (wrong types, out-of-range values, escapes of any code unit, lone
/// surrogates included) gets a request or field errors and never an exception, and what it accepts is within every
/// bound.
/// </summary>
public sealed class ScriptRequestParserProperties
{
    private static readonly Gen<string> _idChars = Gen.Char["ABCXYZabcxyz0189_.:-"].Array[1, 40].Select(c => new string(c));

    private static readonly Gen<string> _text = Gen.Frequency(
        (4, Gen.Char["abc XYZ019é€中"].Select(c => c.ToString())),
        (1, Gen.OneOf("😀", "\t", "\"", "\\", "\u2028")))
        .Array[1, 30].Select(string.Concat).Where(s => s.Trim().Length > 0);

    /// <summary>A request the parser must accept: each field written as JSON, then compared after the parse.</summary>
    [Fact]
    public void Parse_ValidRequestWrittenAsJson_ReadsBackTheSame()
    {
        var gen = Gen.Select(
            _idChars,
            _text,
            _text.Null(0.5),
            _text.Array[0, ScriptRequestParser.MaxSources],
            Gen.OneOf("vi", "en"),
            Gen.OneOf(("short", ScriptLength.Short), ("medium", ScriptLength.Medium), ("long", ScriptLength.Long)));
        gen.Sample((jobId, topic, audience, sources, language, length) =>
        {
            var json = JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["jobId"] = jobId,
                ["topic"] = topic,
                ["audience"] = audience,
                ["sources"] = sources,
                ["language"] = language,
                ["length"] = length.Item1,
            }, ScriptRequestTestJson.Default.DictionaryStringObject);
            using var document = JsonDocument.Parse(json);

            var request = ScriptRequestParser.Parse(document.RootElement, out var errors);

            Assert.True(request is not null, string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
            Assert.Equal(jobId, request.JobId);
            Assert.Equal(topic.Trim(), request.Topic);
            Assert.Equal(audience?.Trim(), request.Audience);
            Assert.Equal(sources.Select(s => s.Trim()), request.Sources);
            Assert.Equal(language, request.Language);
            Assert.Equal(length.Item2, request.Length);
        }, iter: 3_000);
    }

    private static readonly Gen<string> _stringLiteral = Gen.Frequency(
        (4, Gen.Char["ab é"].Select(c => c.ToString())),
        (1, Gen.Int[0, 0xFFFF].Select(u => $"\\u{u:x4}")),
        (2, Gen.OneOf("\\ud800", "\\udfff", "\\ud83d\\ude00", " ", "vi", "en", "short", "long")))
        .Array[0, 8].Select(parts => "\"" + string.Concat(parts) + "\"");

    private static readonly Gen<string> _value = Gen.Recursive<string>((depth, inner) => Gen.Frequency(
        (4, _stringLiteral),
        (1, Gen.OneOf("null", "true", "0", "-1.5e300", "[]", "{}", "\"" + new string('x', 501) + "\"")),
        (depth < 2 ? 1 : 0, inner.Array[0, 25].Select(items => "[" + string.Join(",", items) + "]"))));

    /// <summary>The fields, and names no string can hold: a lone surrogate escape makes every lookup in the object throw.</summary>
    private static readonly string[] _fields = ["jobId", "userId", "topic", "audience", "style", "sources", "language", "length", "other", "\\ud800", "to\\udc00pic"];

    /// <summary>Any body: a request within bounds, or errors with a message for each field, never an exception.</summary>
    [Fact]
    public void Parse_AnyBody_RequestWithinBoundsOrFieldErrors()
    {
        Gen.Select(Gen.OneOf(_fields), _value).Array[0, 8].Sample(fields =>
        {
            var json = "{" + string.Join(",", fields.DistinctBy(f => f.Item1).Select(f => $"\"{f.Item1}\":{f.Item2}")) + "}";
            using var document = JsonDocument.Parse(json);

            var request = ScriptRequestParser.Parse(document.RootElement, out var errors);

            Assert.Equal(request is null, errors.Count > 0);
            Assert.All(errors, e => Assert.True(e.Value.Length > 0 && e.Value.All(m => m.Length > 0)));
            if (request is not null)
            {
                Assert.True(JobId.TryValidate(request.JobId, out _, out _));
                Assert.InRange(request.Topic.Length, 1, ScriptRequestParser.MaxTopicLength);
                Assert.True(request.Sources.Count <= ScriptRequestParser.MaxSources);
                Assert.All(request.Sources, s => Assert.InRange(s.Length, 1, ScriptRequestParser.MaxSourceLength));
                Assert.Contains(request.Language, new[] { "vi", "en" });
            }
        }, iter: 10_000);
    }

    /// <summary>The job id of <c>register</c> and <c>unregister</c>: any JSON value gets an answer, never an exception.</summary>
    [Fact]
    public void JobIdTryValidate_AnyValue_AnswersWithoutThrowing()
    {
        _value.Sample(json =>
        {
            using var document = JsonDocument.Parse(Encoding.UTF8.GetBytes(json));

            var valid = JobId.TryValidate(document.RootElement, out var jobId, out var error);

            Assert.Equal(valid, error.Length == 0);
            if (valid)
            {
                Assert.InRange(jobId.Length, 1, JobId.MaxLength);
            }
        }, iter: 10_000);
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, object?>))]
[System.Text.Json.Serialization.JsonSerializable(typeof(string[]))]
internal sealed partial class ScriptRequestTestJson : System.Text.Json.Serialization.JsonSerializerContext;
