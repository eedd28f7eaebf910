using Microsoft.Extensions.Options;
using ScriptService.Jobs;
using SocketIo;

namespace ScriptService.Realtime;

/// <summary>
/// Delivers a job's <c>scriptResult</c> and <c>scriptProgress</c> to its registered sockets on this server; each result
/// exactly once per socket: the job's delivery and the replay to a socket that registers just as the job finishes may
/// both try, and only the first one sends (the socket's <see cref="SocketState"/> records the results it had).
/// </summary>
/// <remarks>
/// Every server delivers to its own sockets: <see cref="JobEventDelivery"/> takes a job's events to each server of
/// the cluster through the adapter, and each server's delivery decides for its sockets, which live there.
/// A job's room is named by its <see cref="JobKey"/>: with authentication on, a socket that registers an id joins the
/// room of that id among its own user's jobs, so another user's result and progress can never reach it, whatever
/// ids it registers.
/// </remarks>
internal sealed class ResultDelivery(ISocketIoServer io, IOptions<ScriptServiceOptions> options)
{
    private readonly long _backlogBytes = options.Value.ProgressBacklogBytes;

    /// <summary>
    /// The room of a job's registered sockets. A job id never holds a <c>/</c>, so the owner that follows one cannot
    /// make two keys' rooms alike.
    /// </summary>
    public static string Room(JobKey key) => key.OwnerId is null ? "job:" + key.JobId : "job:" + key.JobId + "/" + key.OwnerId;

    /// <summary>Sends the result to every socket of this server registered for the job (its owner's only).</summary>
    public Task DeliverAsync(JobKey key, object result)
    {
        foreach (var socketId in LocalMembers(Room(key)))
        {
            if (io.Sockets.Sockets.TryGetValue(socketId, out var socket))
            {
                SocketState.Of(socket).TryDeliverResult(socket, key.JobId, result);
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>Sends the result to one socket unless it already had it, after the job's progress report it holds back.</summary>
    public static ValueTask DeliverAsync(SocketIoSocket socket, string jobId, object result)
    {
        SocketState.Of(socket).TryDeliverResult(socket, jobId, result);
        return default;
    }

    /// <summary>
    /// Sends a progress report to the job's sockets on this server (its owner's only). Not volatile: a volatile packet is dropped
    /// whenever the socket's queue is not empty, which loses the stages a job reports in quick succession, the last
    /// one (100) included. Instead a socket that is behind (<see cref="ScriptServiceOptions.ProgressBacklogBytes"/>)
    /// is sent only the newest report of each job once it has read what it holds, so a client that does not read
    /// holds up one report per job at most. The worker reports its last stage before it stores and sends the result,
    /// and the result goes out after any report held for it, so the report at 100 comes before <c>scriptResult</c>. A
    /// socket that already had the job's result gets no more of its progress (a second run of a job taken over).
    /// </summary>
    /// <remarks>
    /// The others get the report as a broadcast to the job's room, not one by one: with connection state recovery, a
    /// socket that is disconnected and may come back is out of its rooms, and only a broadcast is kept for it to be
    /// replayed.
    /// </remarks>
    public ValueTask ProgressAsync(JobKey key, ScriptProgressMessage progress)
    {
        var room = Room(key);
        var target = io.Sockets.To(room);
        foreach (var socketId in LocalMembers(room))
        {
            if (io.Sockets.Sockets.TryGetValue(socketId, out var socket)
                && socket.Data is SocketState state
                && (state.HasResult(progress.JobId) || state.HoldIfBehind(socket, progress, _backlogBytes)))
            {
                target = target.Except(socket.Id);
            }
        }

        return target.Local.EmitAsync("scriptProgress", progress);
    }

    /// <summary>
    /// The ids of this server's connected sockets in <paramref name="room"/>, straight from the adapter's rooms: what a
    /// local fetch of the room selects, without a fetch's list and a wrapper per socket for every report.
    /// </summary>
    private IReadOnlyCollection<string> LocalMembers(string room) => io.Sockets.Adapter.Sockets(new OneRoom(room));
}
