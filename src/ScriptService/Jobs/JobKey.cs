namespace ScriptService.Jobs;

/// <summary>
/// What names a job: its id within its owner's jobs. With authentication on, every user has ids of their own, so
/// that an id another user chose neither collides with nor reveals theirs; with it off, the owner is null and ids
/// are global, as the client guide has them.
/// </summary>
/// <param name="OwnerId">The authenticated user who created the job; null when authentication is off.</param>
/// <param name="JobId">The job id the client chose (or the service made up).</param>
internal readonly record struct JobKey(string? OwnerId, string JobId)
{
    public override string ToString() => OwnerId is null ? JobId : JobId + " (" + OwnerId + ")";
}
