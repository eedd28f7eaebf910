using System.Collections.Concurrent;
using EngineIo.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace EngineIo.Internal;

/// <summary>
/// One mapped Engine.IO endpoint: its options, handler, sessions and heartbeat timers. Sessions of different
/// endpoints never meet.
/// </summary>
internal sealed class EngineIoServer : IDisposable
{
    /// <summary>15 random bytes give a 20-character base64url sid, the reference's length, with 120 bits of entropy.</summary>
    private const int SidBytes = 15;

    private readonly ConcurrentDictionary<string, EngineIoSession> _sessions = new(StringComparer.Ordinal);

    /// <summary>1 once the host has begun to stop; set with a full fence (see <see cref="TryCreateSession"/>).</summary>
    private int _stopping;

    public EngineIoServer(EngineIoOptions options, IEngineIoHandler handler, TimeProvider timeProvider, EngineIoLog log, EngineIoMetrics metrics)
    {
        options.Validate();
        Options = options;
        Handler = handler;
        TimeProvider = timeProvider;
        Log = log;
        Metrics = metrics;
        PingList = new SessionTimerList(timeProvider, options.PingInterval, static session => session.OnPingDue());
        PongList = new SessionTimerList(timeProvider, options.PingTimeout, static session => session.OnPongDue());
    }

    public EngineIoOptions Options { get; }

    public IEngineIoHandler Handler { get; }

    public TimeProvider TimeProvider { get; }

    public EngineIoLog Log { get; }

    public EngineIoMetrics Metrics { get; }

    /// <summary>Sessions waiting to be pinged.</summary>
    public SessionTimerList PingList { get; }

    /// <summary>Sessions waiting for a pong, or for their close packet to be delivered.</summary>
    public SessionTimerList PongList { get; }

    public bool IsStopping => Volatile.Read(ref _stopping) != 0;

    public int SessionCount => _sessions.Count;

    /// <summary>
    /// Creates a session and adds it to the map; null if the host began to stop meanwhile. The check comes after the
    /// add, and the stop sets its flag before it reads the map (both with full fences), so a session either is refused
    /// here or is seen, and closed, by <see cref="StopAsync"/>: none escapes the stop to keep it waiting.
    /// </summary>
    public EngineIoSession? TryCreateSession(HttpContext context, EngineIoTransports transport)
    {
        var handshake = new EngineIoHandshake(context, TimeProvider.GetUtcNow());
        while (true)
        {
            var session = new EngineIoSession(this, NewSid(), handshake, transport);
            if (!_sessions.TryAdd(session.Id, session))
            {
                continue;
            }

            if (Interlocked.CompareExchange(ref _stopping, 0, 0) != 0)
            {
                _sessions.TryRemove(new KeyValuePair<string, EngineIoSession>(session.Id, session));
                return null;
            }

            Metrics.SessionOpened(transport);
            Log.SessionOpened(session.Id, EngineIoMetrics.TransportName(transport));
            return session;
        }
    }

    public bool TryGetSession(string sid, out EngineIoSession session) => _sessions.TryGetValue(sid, out session!);

    /// <summary>Called once per session, by its abort. A lingering session keeps its sid until <see cref="Remove"/>.</summary>
    public void OnSessionClosed(EngineIoSession session, EngineIoDisconnectReason reason, TimeSpan duration, bool linger)
    {
        Metrics.SessionClosed(reason, duration);
        Log.SessionClosed(session.Id, reason.ToReasonString());
        if (!linger)
        {
            Remove(session);
        }
    }

    public void Remove(EngineIoSession session) => _sessions.TryRemove(new KeyValuePair<string, EngineIoSession>(session.Id, session));

    /// <summary>How long shutdown waits for clients to collect their close packet before it aborts the rest.</summary>
    private static readonly TimeSpan _shutdownGracePeriod = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Refuses new handshakes and closes every session gracefully (a close packet), then waits until they are gone,
    /// the grace period ends or the token fires, when the rest are aborted.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        RefuseHandshakes();
        if (_sessions.IsEmpty)
        {
            return;
        }

        Log.ShuttingDown(_sessions.Count);
        foreach (var session in _sessions.Values)
        {
            session.Close(EngineIoDisconnectReason.ServerShutdown);
        }

        try
        {
            // Polling clients need one more GET to collect their close packet; give them a moment, not forever.
            using var grace = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            grace.CancelAfter(_shutdownGracePeriod);
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20), TimeProvider);
            while (!_sessions.IsEmpty && await timer.WaitForNextTickAsync(grace.Token))
            {
                foreach (var session in _sessions.Values)
                {
                    if (session.IsClosed)
                    {
                        Remove(session);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        foreach (var session in _sessions.Values)
        {
            session.Abort(EngineIoDisconnectReason.ServerShutdown);
        }
    }

    /// <summary>The host has begun to stop: handshakes are refused from now on (503), on every transport.</summary>
    public void RefuseHandshakes() => Interlocked.Exchange(ref _stopping, 1);

    private static string NewSid()
    {
        Span<byte> bytes = stackalloc byte[SidBytes];
        SharedSource.SecureRandom.Fill(bytes);
        return System.Buffers.Text.Base64Url.EncodeToString(bytes);
    }

    public void Dispose()
    {
        PingList.Dispose();
        PongList.Dispose();
    }
}
