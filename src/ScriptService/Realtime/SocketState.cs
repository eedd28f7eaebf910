using System.Diagnostics;
using SocketIo;

namespace ScriptService.Realtime;

/// <summary>
/// What the service keeps per socket once it registers: the user it authenticated as, its registrations, the results
/// it has had, and the progress reports held back while it is behind. A socket that never registers has none of it
/// (its <see cref="SocketIoSocket.Data"/> is at most its user id), as most connections only wait.
/// </summary>
internal sealed class SocketState(string? userId)
{
    private readonly Lock _lock = new();
    private readonly HashSet<string> _registered = new(StringComparer.Ordinal);
    private HashSet<string>? _delivered;

    /// <summary>Job id → its newest progress report not yet queued for the socket; created when the socket first falls behind.</summary>
    private Dictionary<string, ScriptProgressMessage>? _heldProgress;

    /// <summary>A drain callback is registered: held reports go out when the connection has written what it holds.</summary>
    private bool _waitingForDrain;

    public string? UserId { get; } = userId;

    /// <summary>The state of a socket in a job's room (which only registered sockets join).</summary>
    public static SocketState Of(SocketIoSocket socket) =>
        socket.Data as SocketState ?? throw new InvalidOperationException("The socket has no service state.");

    /// <summary>The user a socket authenticated as, whether or not it has registered.</summary>
    public static string? UserOf(SocketIoSocket socket) => socket.Data switch
    {
        SocketState state => state.UserId,
        string user => user,
        _ => null,
    };

    /// <summary>
    /// The socket's state, created on its first registration. Only the socket's event handlers call it, before their
    /// first await: those parts run one at a time, in the order the client's packets arrive, so two cannot both create it.
    /// </summary>
    public static SocketState GetOrCreate(SocketIoSocket socket)
    {
        if (socket.Data is SocketState state)
        {
            return state;
        }

        state = new SocketState(socket.Data as string);
        socket.Data = state;
        return state;
    }

    /// <summary>Records a registration; false if the socket already holds <paramref name="limit"/> others.</summary>
    public bool TryRegister(string jobId, int limit)
    {
        lock (_lock)
        {
            return _registered.Contains(jobId) || (_registered.Count < limit && _registered.Add(jobId));
        }
    }

    public void Unregister(string jobId)
    {
        lock (_lock)
        {
            _registered.Remove(jobId);
            _delivered?.Remove(jobId);
            _heldProgress?.Remove(jobId);
        }
    }

    /// <summary>The jobs the socket is registered for now.</summary>
    public string[] Registered()
    {
        lock (_lock)
        {
            return [.. _registered];
        }
    }

    /// <summary>The jobs the socket is registered for and has not had the result of; null when there are none.</summary>
    public List<string>? Pending()
    {
        lock (_lock)
        {
            List<string>? pending = null;
            foreach (var jobId in _registered)
            {
                if (_delivered?.Contains(jobId) != true)
                {
                    (pending ??= []).Add(jobId);
                }
            }

            return pending;
        }
    }

    /// <summary>
    /// Holds a job's progress report instead of letting it be sent, when the socket is behind: its connection holds more
    /// than <paramref name="backlogBytes"/> unsent bytes, or it already holds a report of that job (which this one
    /// replaces, so a report never overtakes an older one). Held reports go out once the connection has written
    /// everything, or just before the job's result. False when the socket keeps up: the caller sends the report.
    /// </summary>
    /// <remarks>
    /// Only the job's worker reports its progress, one report at a time, so nothing else can hold a report of the job
    /// between this answer and the caller's send.
    /// </remarks>
    public bool HoldIfBehind(SocketIoSocket socket, ScriptProgressMessage progress, long backlogBytes)
    {
        lock (_lock)
        {
            if (_heldProgress?.ContainsKey(progress.JobId) != true && socket.BufferedBytes <= backlogBytes)
            {
                return false;
            }

            (_heldProgress ??= new Dictionary<string, ScriptProgressMessage>(StringComparer.Ordinal))[progress.JobId] = progress;
            if (_waitingForDrain)
            {
                return true;
            }

            _waitingForDrain = true;
        }

        // Outside the lock: the callback runs at once if the connection drained in the meantime, and takes the lock.
        socket.WhenDrained(() => SendHeld(socket));
        return true;
    }

    /// <summary>
    /// A recovered socket is on a new connection: the drain callback of the old one never runs, so what it held goes
    /// out now (after the missed packets the recovery sent first).
    /// </summary>
    public void Resume(SocketIoSocket socket) => SendHeld(socket);

    /// <summary>
    /// Whether the socket has had the job's result: it wants no more of its progress. A job run twice (taken over from
    /// a node that was only slow, in the Redis mode) may report progress after its first run's result.
    /// </summary>
    public bool HasResult(string jobId)
    {
        lock (_lock)
        {
            return _delivered?.Contains(jobId) == true;
        }
    }

    /// <summary>Sends the result unless the socket already had it, after the job's held progress report.</summary>
    public bool TryDeliverResult(SocketIoSocket socket, string jobId, object result)
    {
        lock (_lock)
        {
            if (!(_delivered ??= new HashSet<string>(StringComparer.Ordinal)).Add(jobId))
            {
                return false;
            }

            if (_heldProgress is { } held && held.Remove(jobId, out var progress))
            {
                Emit(socket, "scriptProgress", progress);
            }

            Emit(socket, "scriptResult", result);
            return true;
        }
    }

    private void SendHeld(SocketIoSocket socket)
    {
        lock (_lock)
        {
            _waitingForDrain = false;
            if (_heldProgress is not { Count: > 0 } held)
            {
                return;
            }

            foreach (var progress in held.Values)
            {
                Emit(socket, "scriptProgress", progress);
            }

            held.Clear();
        }
    }

    /// <summary>Queues an event: a socket's emits never wait (they return a completed task), so one can be made under the lock.</summary>
    private static void Emit(SocketIoSocket socket, string eventName, object message)
    {
        var queued = socket.EmitAsync(eventName, message);
        Debug.Assert(queued.IsCompletedSuccessfully, "SocketIoSocket.EmitAsync queues the packet and returns a completed task.");
    }
}
