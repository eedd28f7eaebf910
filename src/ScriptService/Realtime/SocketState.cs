using SocketIo;

namespace ScriptService.Realtime;

/// <summary>
/// What the service keeps per socket: the user it authenticated as, its registrations, the results it has had. With
/// connection state recovery, a recovered socket gets this same object back (its <see cref="SocketIoSocket.Data"/>).
/// </summary>
internal sealed class SocketState
{
    private readonly Lock _lock = new();
    private readonly HashSet<string> _registered = new(StringComparer.Ordinal);
    private HashSet<string>? _delivered;

    public string? UserId { get; init; }

    public static SocketState Of(SocketIoSocket socket) =>
        socket.Data as SocketState ?? throw new InvalidOperationException("The socket has no service state.");

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

    /// <summary>True the first time for a job: the result is then to be sent.</summary>
    public bool MarkDelivered(string jobId)
    {
        lock (_lock)
        {
            return (_delivered ??= new HashSet<string>(StringComparer.Ordinal)).Add(jobId);
        }
    }
}
