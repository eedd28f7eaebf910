using System.Buffers;
using System.Text.Json;

namespace ScriptService.Jobs;

/// <summary>Job ids: 1-128 characters of <c>[A-Za-z0-9_.:-]</c>, as clients make them (e.g. <c>job_1718000000000</c>).</summary>
internal static class JobId
{
    public const int MaxLength = 128;

    private static readonly SearchValues<char> _allowed =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.:-");

    /// <summary>Checks a value a client sent as a job id; gives the reason it is not one.</summary>
    public static bool TryValidate(JsonElement value, out string jobId, out string error)
    {
        jobId = string.Empty;
        if (value.ValueKind != JsonValueKind.String)
        {
            error = value.ValueKind switch
            {
                JsonValueKind.Undefined => "jobId is required.",
                JsonValueKind.Null => "jobId must be a string, not null.",
                JsonValueKind.Number => "jobId must be a string, not a number.",
                JsonValueKind.Object => "jobId must be a string, not an object.",
                JsonValueKind.Array => "jobId must be a string, not an array.",
                _ => "jobId must be a string.",
            };
            return false;
        }

        string text;
        try
        {
            text = value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            // A string no .NET string can hold (a lone surrogate escape such as "\ud800", or bytes that are not UTF-8,
            // which a polling body may carry): an error for the client, not an exception.
            error = "jobId may contain only letters, digits and _ . : -";
            return false;
        }

        return TryValidate(text, out jobId, out error);
    }

    public static bool TryValidate(string value, out string jobId, out string error)
    {
        jobId = value;
        if (value.Length == 0)
        {
            error = "jobId must not be empty.";
            return false;
        }

        if (value.Length > MaxLength)
        {
            error = $"jobId must be at most {MaxLength} characters.";
            return false;
        }

        if (value.AsSpan().ContainsAnyExcept(_allowed))
        {
            error = "jobId may contain only letters, digits and _ . : -";
            return false;
        }

        error = string.Empty;
        return true;
    }

    /// <summary>A new id for a POST that brought none.</summary>
    public static string New() => "job_" + Guid.CreateVersion7().ToString("N");
}
