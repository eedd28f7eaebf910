using ScriptService.Jobs;
using SocketIo;

namespace ScriptService.Realtime;

/// <summary>
/// Realtime's subscription to the jobs' events (<see cref="IJobEvents"/>): a job's progress and result go to the
/// sockets registered for it (its room) on this server, and through the adapter to every other server of the cluster,
/// which delivers them to its own sockets in the room (<see cref="Attach"/>).
/// </summary>
/// <remarks>
/// The event crosses to the servers, not the packet to the room: the server that holds a socket decides what it gets,
/// since only it knows which results the socket has had (a replay on <c>register</c> may race the delivery, and each
/// result goes once per socket) and which progress reports it holds back while the client is behind. With the
/// in-memory adapter there is no other server, and the crossing goes nowhere.
/// </remarks>
internal sealed partial class JobEventDelivery(ISocketIoServer io, ResultDelivery delivery, ILogger<JobEventDelivery> logger) : IJobEvents
{
    /// <summary>The server-side event that carries a job's result to the other servers.</summary>
    internal const string CompletedEvent = "scriptservice:job-completed";

    /// <summary>The server-side event that carries a job's progress to the other servers.</summary>
    internal const string ProgressEvent = "scriptservice:job-progress";

    // Created once: a method group converted per event would be a delegate each.
    private SocketIoServerSideListener? _onCompleted;
    private SocketIoServerSideListener? _onProgress;

    /// <summary>Listens for the events the other servers' jobs send.</summary>
    public void Attach()
    {
        _onCompleted = OnCompletedAsync;
        _onProgress = OnProgressAsync;
        io.Sockets.OnServerSideEmit(CompletedEvent, _onCompleted);
        io.Sockets.OnServerSideEmit(ProgressEvent, _onProgress);
    }

    /// <inheritdoc/>
    public async ValueTask ProgressAsync(JobKey key, JobProgress progress)
    {
        try
        {
            await delivery.ProgressAsync(key, ScriptProgressMessage.From(key.JobId, progress));
        }
        finally
        {
            await io.Sockets.ServerSideEmitAsync(ProgressEvent, new JobProgressNotice(key.OwnerId, key.JobId, progress));
        }
    }

    /// <inheritdoc/>
    public async Task CompletedAsync(JobKey key, JobResult result)
    {
        // This server's sockets first, the cluster's whatever became of them: each server answers for its own.
        try
        {
            await delivery.DeliverAsync(key, ScriptResultMessage.From(key.JobId, result));
        }
        finally
        {
            await io.Sockets.ServerSideEmitAsync(CompletedEvent, new JobOutcomeNotice(key.OwnerId, key.JobId, result));
        }
    }

    private async ValueTask OnCompletedAsync(SocketIoServerSideEvent e)
    {
        if (!e.TryGet<JobOutcomeNotice>(0, out var notice) || notice is null)
        {
            Log.UnreadableNotice(logger, e.Name);
            return;
        }

        await delivery.DeliverAsync(new JobKey(notice.OwnerId, notice.JobId), ScriptResultMessage.From(notice.JobId, notice.Result));
    }

    private async ValueTask OnProgressAsync(SocketIoServerSideEvent e)
    {
        if (!e.TryGet<JobProgressNotice>(0, out var notice) || notice is null)
        {
            Log.UnreadableNotice(logger, e.Name);
            return;
        }

        await delivery.ProgressAsync(new JobKey(notice.OwnerId, notice.JobId), ScriptProgressMessage.From(notice.JobId, notice.Progress));
    }
}
