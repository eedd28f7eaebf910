using SocketIo;

namespace ScriptService.Realtime;

/// <summary>
/// Delivers a job's <c>scriptResult</c> to its registered sockets, each exactly once: the worker's delivery and the
/// replay to a socket that registers just as the job finishes may both try, and only the first one sends.
/// </summary>
internal sealed class ResultDelivery(ISocketIoServer io)
{
    /// <summary>The room of a job's registered sockets.</summary>
    public static string Room(string jobId) => "job:" + jobId;

    /// <summary>
    /// Sends the result to every socket registered for the job; a job created by an authenticated user goes only to
    /// that user's sockets.
    /// </summary>
    public async Task DeliverAsync(string jobId, string? ownerId, object result)
    {
        foreach (var socket in await io.Sockets.To(Room(jobId)).FetchSocketsAsync())
        {
            if (ownerId is null || SocketState.Of(socket).UserId == ownerId)
            {
                await DeliverAsync(socket, jobId, result);
            }
        }
    }

    /// <summary>Sends the result to one socket unless it already had it.</summary>
    public static ValueTask DeliverAsync(SocketIoSocket socket, string jobId, object result) =>
        SocketState.Of(socket).MarkDelivered(jobId) ? socket.EmitAsync("scriptResult", result) : default;

    /// <summary>Sends a progress report to the job's sockets; volatile, since a later report supersedes it.</summary>
    public ValueTask ProgressAsync(ScriptProgressMessage progress) =>
        io.Sockets.To(Room(progress.JobId)).Volatile.EmitAsync("scriptProgress", progress);
}
