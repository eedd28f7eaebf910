using System.Data.Common;
using ScriptService.Jobs;
using SocketIo.Redis;

namespace ScriptService.Api;

/// <summary><c>/healthz</c> (liveness) and <c>/readyz</c> (readiness), for GET and HEAD alike.</summary>
internal static class HealthEndpoints
{
    /// <summary>
    /// How old the store's last write may be for readiness to take its outcome; older, readiness makes a write of
    /// its own that changes nothing (<see cref="IJobStore.CanWriteAsync"/>). At most one such write a second, and none
    /// while jobs are being written.
    /// </summary>
    internal static readonly TimeSpan WriteCheckMaxAge = TimeSpan.FromSeconds(1);

    private static readonly string[] _methods = [HttpMethods.Get, HttpMethods.Head];

    public static void MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMethods("/healthz", _methods, () => TypedResults.Text("ok"))
            .WithTags("Health")
            .WithSummary("Liveness: the process answers")
            .Produces<string>(StatusCodes.Status200OK, "text/plain");
        endpoints.MapMethods("/readyz", _methods, ReadyAsync)
            .WithTags("Health")
            .WithSummary("Readiness: not draining, the job store reads and writes, and (Redis mode) the nodes' messages reach this one")
            .Produces<string>(StatusCodes.Status200OK, "text/plain")
            .Produces<string>(StatusCodes.Status503ServiceUnavailable, "text/plain");
    }

    /// <summary>
    /// Ready when the server is not draining and the store both reads and writes: a store that answers reads but
    /// cannot write (a full disk) would take no job, and a balancer should send clients elsewhere. In the Redis mode,
    /// also only once the Socket.IO adapter's subscriptions are back after an outage (they come back after the store's
    /// connection): until then the results of jobs run on other nodes would not reach this node's sockets at once.
    /// </summary>
    private static async Task<IResult> ReadyAsync(IJobStore store, ServiceState state, HttpContext context, CancellationToken cancellationToken)
    {
        if (state.IsDraining)
        {
            return Results.Text("draining", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        if (context.RequestServices.GetService<IRedisAdapterConnection>() is { IsSubscribed: false })
        {
            return Results.Text("cluster messaging unavailable", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        try
        {
            await store.GetAsync(new JobKey(null, "readiness-probe"), cancellationToken);
            if (!await store.CanWriteAsync(WriteCheckMaxAge, cancellationToken))
            {
                return Results.Text("store cannot write", statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        }
        catch (Exception ex) when (ex is DbException or IOException)
        {
            return Results.Text("store unavailable", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        return Results.Text("ready");
    }
}
