using System.Data.Common;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using ScriptService.Diagnostics;
using ScriptService.Jobs;
using ScriptService.Realtime;
using ScriptService.Security;

namespace ScriptService.Api;

/// <summary><c>POST /api/scripts</c> and <c>GET /api/scripts/{jobId}</c>.</summary>
internal static partial class ScriptsEndpoints
{
    public const string RateLimitPolicy = "script-posts";

    /// <summary>The operation ids in the OpenAPI document.</summary>
    public const string CreateName = "createScript";
    public const string GetName = "getScript";

    /// <summary>How soon a client refused for a full queue should try again.</summary>
    private const int RetryAfterSeconds = 5;

    /// <summary>The API's logger per logger factory (a process has one; tests start several hosts).</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ILoggerFactory, ILogger> _loggers = new();

    public static void MapScriptsApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/scripts").WithTags("Scripts");

        // The handlers read the body and write the answers themselves, so the OpenAPI document learns their shapes
        // from this metadata. The body's schema is added by OpenApiDocumentation: Accepts<T> would also make routing
        // answer another content type with a bare 415, before the handler's problem details.
        group.MapPost("/", PostAsync)
            .RequireRateLimiting(RateLimitPolicy)
            .WithName(CreateName)
            .WithSummary("Ask for a script")
            .WithDescription("Stores the job and queues it; the script arrives over Socket.IO (register the jobId) or with GET. "
                + "Posting the same jobId with the same body again is answered as the first time; with another body, 409.")
            .Produces<JobAccepted>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status408RequestTimeout)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapGet("/{jobId}", GetAsync)
            .WithName(GetName)
            .WithSummary("Read a job")
            .WithDescription("The job's state and, once it finished, its scriptResult.")
            .Produces<JobStatus>(StatusCodes.Status200OK)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<IResult> PostAsync(
        HttpContext context,
        JobIntake intake,
        TokenValidator tokens,
        ServiceState state,
        ServiceMetrics metrics,
        IOptions<ScriptServiceOptions> options,
        ILoggerFactory loggerFactory)
    {
        var request = context.Request;
        if (state.IsDraining)
        {
            metrics.Rejected("draining");
            return Unavailable(context, "The server is shutting down; try again shortly.");
        }

        if (!TryAuthenticate(context, tokens, out var userId))
        {
            return Problem(StatusCodes.Status401Unauthorized, "Authentication required", "A valid bearer token is required.");
        }

        if (!request.HasJsonContentType())
        {
            metrics.Rejected("content-type");
            return Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "The body must be JSON (Content-Type: application/json).");
        }

        var maxBody = options.Value.MaxRequestBodyBytes;
        if (request.ContentLength > maxBody)
        {
            metrics.Rejected("too-large");
            return Problem(StatusCodes.Status413PayloadTooLarge, "Payload too large", $"The body may be at most {maxBody} bytes.");
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = maxBody;
        }

        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, default, context.RequestAborted);
        }
        catch (JsonException ex)
        {
            metrics.Rejected("malformed");
            return Problem(StatusCodes.Status400BadRequest, "Malformed JSON", $"The body is not valid JSON: {ex.Message}");
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            metrics.Rejected("too-large");
            return Problem(StatusCodes.Status413PayloadTooLarge, "Payload too large", $"The body may be at most {maxBody} bytes.");
        }
        catch (BadHttpRequestException ex)
        {
            // The client's fault, not the server's: a body that came too slowly (Kestrel's MinRequestBodyDataRate, 408)
            // or broke off. Kestrel closes the connection after this answer.
            metrics.Rejected(ex.StatusCode == StatusCodes.Status408RequestTimeout ? "body-timeout" : "body-unreadable");
            Log.BodyUnreadable(Logger(loggerFactory), ex.StatusCode, ex.Message);
            return ex.StatusCode == StatusCodes.Status408RequestTimeout
                ? Problem(StatusCodes.Status408RequestTimeout, "Request timeout", "The body arrived too slowly.")
                : Problem(StatusCodes.Status400BadRequest, "Bad request", "The body could not be read.");
        }

        Generation.ScriptRequest? script;
        Dictionary<string, string[]> errors;
        using (document)
        {
            script = ScriptRequestParser.Parse(document.RootElement, out errors);
        }

        if (script is null)
        {
            metrics.Rejected("invalid");
            return TypedResults.ValidationProblem(errors, title: "Invalid request", detail: "Some fields are missing or invalid.");
        }

        // With authentication on, ids are the user's own (JobAccess): another user's job with the same id neither
        // conflicts nor shows, and the post is answered as for an id never used.
        JobSubmission submitted;
        try
        {
            submitted = await intake.SubmitAsync(JobAccess.Key(userId, script.JobId), script, CancellationToken.None);
        }
        catch (Exception ex) when (ex is DbException or IOException)
        {
            // The store cannot take the job (a full disk): refused before any 202, so the client knows to try again.
            // The store logs the failure once; readiness fails meanwhile.
            metrics.Rejected("store-unavailable");
            Log.PostStoreUnavailable(Logger(loggerFactory), ex.Message);
            return Unavailable(context, "The job store cannot take new jobs right now; try again shortly.");
        }

        switch (submitted.Outcome)
        {
            case JobSubmissionOutcome.QueueFull:
                metrics.Rejected("queue-full");
                return Unavailable(context, "The queue is full; try again shortly.");
            case JobSubmissionOutcome.Conflict:
                metrics.Rejected("conflict");
                return Problem(StatusCodes.Status409Conflict, "Job id already used", $"Job '{script.JobId}' exists with a different request.");
            case JobSubmissionOutcome.Duplicate:
                return Accepted(script.JobId, StateName(submitted.Job!.State));
        }

        metrics.Accepted();
        Log.JobAccepted(Logger(loggerFactory), script.JobId);
        return Accepted(script.JobId, "queued");
    }

    private static async Task<IResult> GetAsync(string jobId, HttpContext context, IJobStore store, TokenValidator tokens)
    {
        if (!TryAuthenticate(context, tokens, out var userId))
        {
            return Problem(StatusCodes.Status401Unauthorized, "Authentication required", "A valid bearer token is required.");
        }

        if (!JobId.TryValidate(jobId, out _, out var error))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["jobId"] = [error] }, title: "Invalid job id");
        }

        JobRecord? job;
        try
        {
            job = await store.GetAsync(JobAccess.Key(userId, jobId), context.RequestAborted);
        }
        catch (Exception ex) when (ex is DbException or IOException)
        {
            // The store cannot be read (Redis unreachable in the Redis mode): the client should ask again, not give up.
            return Unavailable(context, "The job store cannot be read right now; try again shortly.");
        }

        if (job is null)
        {
            return Problem(StatusCodes.Status404NotFound, "Job not found", $"There is no job '{jobId}'.");
        }

        // The scriptResult the job's sockets received.
        JsonElement? result = job.ReadResult() is { } outcome
            ? JsonSerializer.SerializeToElement(ScriptResultMessage.From(job.JobId, outcome), ApiJsonContext.Default.ScriptResultMessage)
            : null;

        return new JsonWithLengthResult<JobStatus>(
            new JobStatus(job.JobId, StateName(job.State), job.CreatedAt, job.UpdatedAt, result),
            ApiJsonContext.Default.JobStatus,
            StatusCodes.Status200OK);
    }

    /// <summary>A 202 with its JSON body and a Location header pointing at the job.</summary>
    private static JsonWithLengthResult<JobAccepted> Accepted(string jobId, string status) => new(
        new JobAccepted(jobId, status), ApiJsonContext.Default.JobAccepted, StatusCodes.Status202Accepted, "/api/scripts/" + jobId);

    /// <summary>
    /// The caller, as the authentication scheme found it (<see cref="ScriptAuthentication"/>); false when
    /// authentication is on and the request did not present a valid token.
    /// </summary>
    private static bool TryAuthenticate(HttpContext context, TokenValidator tokens, out string? userId)
    {
        userId = ScriptAuthentication.UserIdOf(context.User);
        return !tokens.IsEnabled || userId is not null;
    }

    /// <summary>
    /// The API's logger, created once per host's logger factory: creating one takes the factory's lock, and every
    /// accepted POST logs (or asks whether to).
    /// </summary>
    private static ILogger Logger(ILoggerFactory loggerFactory) =>
        _loggers.GetValue(loggerFactory, static factory => factory.CreateLogger("ScriptService.Api"));

    private static ProblemHttpResult Unavailable(HttpContext context, string detail)
    {
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Problem(StatusCodes.Status503ServiceUnavailable, "Service unavailable", detail);
    }

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title);

    public static string StateName(JobState state) => state switch
    {
        JobState.Queued => "queued",
        JobState.Running => "running",
        JobState.Succeeded => "succeeded",
        _ => "failed",
    };
}
