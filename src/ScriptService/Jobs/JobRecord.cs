namespace ScriptService.Jobs;

/// <summary>A job as stored.</summary>
/// <param name="JobId">The job's id.</param>
/// <param name="OwnerId">The authenticated user who created it, if authentication is on; null otherwise. The id is unique per owner.</param>
/// <param name="RequestJson">The request, as canonical JSON (used to tell an idempotent repost from a conflicting one).</param>
/// <param name="State">Where the job is.</param>
/// <param name="ResultJson">When finished: its <see cref="JobResult"/> as JSON (<see cref="JobResultJson"/>), replayed to late registrations.</param>
/// <param name="CreatedAt">When it was accepted.</param>
/// <param name="UpdatedAt">When it last changed state.</param>
internal sealed record JobRecord(
    string JobId,
    string? OwnerId,
    string RequestJson,
    JobState State,
    string? ResultJson,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public JobKey Key => new(OwnerId, JobId);

    /// <summary>The outcome, once the job finished; null before.</summary>
    public JobResult? ReadResult() => ResultJson is null ? null : JobResultJson.Parse(ResultJson);
}
