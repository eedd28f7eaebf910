using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace ScriptService.Api;

/// <summary>
/// The body of <c>POST /api/scripts</c> as the OpenAPI document describes it. The endpoint itself reads the body field
/// by field (<see cref="ScriptRequestParser"/>), so that each problem gets its own message; this type only gives the
/// document its schema, and its limits are the parser's (the item limit of <see cref="Sources"/> is set by
/// <see cref="OpenApiDocumentation"/>: the attribute for it is not safe to trim).
/// </summary>
internal sealed class ScriptPostBody
{
    /// <summary>
    /// The job's id, chosen by the client so that a retried POST is the same job (the same body is answered as the first
    /// time; another body gets 409); generated when absent.
    /// </summary>
    [JsonPropertyName("jobId")]
    [StringLength(Jobs.JobId.MaxLength, MinimumLength = 1)]
    [RegularExpression("^[A-Za-z0-9_.:-]+$")]
    public string? JobId { get; init; }

    /// <summary>What the script is about.</summary>
    [JsonPropertyName("topic")]
    [Required]
    [StringLength(ScriptRequestParser.MaxTopicLength, MinimumLength = 1)]
    public required string Topic { get; init; }

    /// <summary>Who asked, as the client says; not authenticated.</summary>
    [JsonPropertyName("userId")]
    [StringLength(ScriptRequestParser.MaxUserIdLength)]
    public string? UserId { get; init; }

    /// <summary>Who the script is for, e.g. general, students.</summary>
    [JsonPropertyName("audience")]
    [StringLength(ScriptRequestParser.MaxLabelLength)]
    public string? Audience { get; init; }

    /// <summary>How the script should sound, e.g. informative, casual.</summary>
    [JsonPropertyName("style")]
    [StringLength(ScriptRequestParser.MaxLabelLength)]
    public string? Style { get; init; }

    /// <summary>Source texts or references to quote or cite, each at most 2000 characters; blank ones are dropped.</summary>
    [JsonPropertyName("sources")]
    public string[]? Sources { get; init; }

    /// <summary>The script's language.</summary>
    [JsonPropertyName("language")]
    [DefaultValue("vi")]
    public string? Language { get; init; }

    /// <summary>The script's length.</summary>
    [JsonPropertyName("length")]
    [DefaultValue("medium")]
    public string? Length { get; init; }
}
