using System.Text.Json;
using ScriptService.Api;
using ScriptService.Jobs;

namespace ScriptService.Fuzz;

/// <summary>
/// The body of <c>POST /api/scripts</c> as the endpoint takes it: JSON parsed with the endpoint's options
/// (<see cref="JsonException"/> is its documented refusal, a 400), then <see cref="ScriptRequestParser.Parse"/>, which must
/// answer with a request or field errors and never throw. A request it accepts is within every documented bound.
/// </summary>
internal static class PostBodyTarget
{
    public static void Run(byte[] input)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(input);
        }
        catch (JsonException)
        {
            return;
        }

        using (document)
        {
            var request = ScriptRequestParser.Parse(document.RootElement, out var errors);
            InvariantException.Check((request is null) == (errors.Count > 0), "a request with errors, or neither");
            if (request is null)
            {
                InvariantException.Check(errors.Values.All(messages => messages.Length > 0 && messages.All(m => m.Length > 0)), "a field error without a message");
                return;
            }

            InvariantException.Check(JobId.TryValidate(request.JobId, out _, out _), "an invalid job id was accepted");
            InvariantException.Check(request.Topic.Length is > 0 and <= ScriptRequestParser.MaxTopicLength, "a topic out of bounds was accepted");
            InvariantException.Check(request.Sources.Count <= ScriptRequestParser.MaxSources, "too many sources were accepted");
            InvariantException.Check(request.Language is "vi" or "en", "an unknown language was accepted");
        }
    }
}
