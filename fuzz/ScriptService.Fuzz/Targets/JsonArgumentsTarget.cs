using System.Text.Json;
using ScriptService.Jobs;
using SocketIo;
using SocketIo.Protocol;

namespace ScriptService.Fuzz;

/// <summary>
/// The arguments of an event as the service's handlers read them: the input is the JSON array of a <c>register</c> (or
/// any) event, with two attachments its placeholders may point at. The job id is read as <c>register</c> and
/// <c>unregister</c> read it (JobId.TryValidate, which must answer with an error, never throw), and every argument is
/// read every way a handler may.
/// </summary>
internal static class JsonArgumentsTarget
{
    private static readonly ReadOnlyMemory<byte>[] _attachments = [new byte[] { 1, 2, 3 }, Array.Empty<byte>()];

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
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Array || !BinaryAttachments.PlaceholdersFit(root, _attachments.Length))
            {
                return;
            }

            var args = new SocketIoAckResponse("fuzz", root, _attachments, SocketIoJson.Options);
            if (args.Count > 0)
            {
                var valid = JobId.TryValidate(args[0], out var jobId, out var error);
                InvariantException.Check(valid == (error.Length == 0), "TryValidate's answer and its error disagree");
                InvariantException.Check(!valid || (jobId.Length is > 0 and <= JobId.MaxLength), "an invalid job id was accepted");
            }

            Arguments.Read(args, skipFirst: false);
        }
    }
}
