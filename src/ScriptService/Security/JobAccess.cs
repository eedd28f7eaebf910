using System.Security.Claims;
using ScriptService.Jobs;

namespace ScriptService.Security;

/// <summary>
/// Who may see a job: its owner. A job id names a job among its user's own jobs (<see cref="JobKey"/>), so a caller
/// reaches only the job of that id that is theirs; another user's job of the same id is, to them, an id nobody used.
/// With authentication off there is no owner, and ids are global, as the client guide has them. Every place that
/// turns a caller's job id into a job (the API's POST and GET, the socket's register, unregister and catch-up) asks here.
/// </summary>
internal static class JobAccess
{
    /// <summary>The job <paramref name="jobId"/> names for the user <paramref name="userId"/> (null: authentication off).</summary>
    public static JobKey Key(string? userId, string jobId) => new(userId, jobId);

    /// <summary>The job <paramref name="jobId"/> names for the caller an HTTP request authenticated as.</summary>
    public static JobKey Key(ClaimsPrincipal user, string jobId) => Key(ScriptAuthentication.UserIdOf(user), jobId);
}
