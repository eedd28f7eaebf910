using System.Security.Cryptography;

namespace SocketIo.Admin;

/// <summary>
/// The session ids given to dashboards that logged in, so that a reload reconnects without the password (the
/// reference's <c>InMemoryStore</c>). Unlike the reference's, it forgets a session after its lifetime and keeps a bounded
/// number, so that logins repeated without end cannot grow it.
/// </summary>
internal sealed class AdminSessionStore(TimeProvider timeProvider, TimeSpan lifetime)
{
    internal const int MaxSessions = 1024;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, DateTimeOffset> _expiries = new(StringComparer.Ordinal);
    /// <summary>Session ids oldest first, each once: the order in which they expire or are evicted.</summary>
    private readonly Queue<string> _order = new();

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _expiries.Count;
            }
        }
    }

    public string Create()
    {
        // As long as the reference's (8 random bytes in hex).
        var id = RandomNumberGenerator.GetHexString(16, lowercase: true);
        lock (_lock)
        {
            RemoveExpiredLocked();
            while (_order.Count >= MaxSessions)
            {
                _expiries.Remove(_order.Dequeue());
            }

            _expiries[id] = timeProvider.GetUtcNow() + lifetime;
            _order.Enqueue(id);
        }

        return id;
    }

    public bool Exists(string id)
    {
        lock (_lock)
        {
            RemoveExpiredLocked();
            return _expiries.ContainsKey(id);
        }
    }

    private void RemoveExpiredLocked()
    {
        var now = timeProvider.GetUtcNow();
        while (_order.TryPeek(out var oldest) && _expiries[oldest] <= now)
        {
            _expiries.Remove(_order.Dequeue());
        }
    }
}
