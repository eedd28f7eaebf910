using System.Collections.Concurrent;
using EngineIo.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace EngineIo.Internal;

/// <summary>
/// One mapped Engine.IO endpoint: its options, handler, sessions and heartbeat timers. Sessions of different
/// endpoints never meet.
/// </summary>
internal sealed partial class EngineIoServer : IDisposable
{
    private readonly ConcurrentDictionary<SharedSource.PackedId, EngineIoSession> _sessions = new();

    /// <summary>1 once the host has begun to stop; set with a full fence (see <see cref="TryCreateSession"/>).</summary>
    private int _stopping;

    /// <summary>Handshakes between their check of <see cref="_stopping"/> and the add to the map (see <see cref="TryCreateSession"/>).</summary>
    private int _creating;

    public EngineIoServer(EngineIoOptions options, IEngineIoHandler handler, TimeProvider timeProvider, ILogger logger, EngineIoMetrics metrics)
    {
        options.Validate();
        Options = options;
        Handler = handler;
        TimeProvider = timeProvider;
        Logger = logger;
        Metrics = metrics;
        PingList = new SessionTimerList(timeProvider, options.PingInterval, static session => session.OnPingDue());
        PongList = new SessionTimerList(timeProvider, options.PingTimeout, static session => session.OnPongDue());
        ClientPingList = options.AllowEio3
            ? new SessionTimerList(timeProvider, options.PingInterval + options.PingTimeout, static session => session.OnClientPingDue())
            : null;
    }

    public EngineIoOptions Options { get; }

    public IEngineIoHandler Handler { get; }

    public TimeProvider TimeProvider { get; }

    /// <summary>The endpoint's logger (category <c>EngineIo</c>), which its sessions and transports log to.</summary>
    public ILogger Logger { get; }

    public EngineIoMetrics Metrics { get; }

    /// <summary>Sessions waiting to be pinged.</summary>
    public SessionTimerList PingList { get; }

    /// <summary>Sessions waiting for a pong, or for their close packet to be delivered.</summary>
    public SessionTimerList PongList { get; }

    /// <summary>
    /// Protocol v3 sessions waiting for their client's next ping (there, the client pings); null unless
    /// <see cref="EngineIoOptions.AllowEio3"/>.
    /// </summary>
    public SessionTimerList? ClientPingList { get; }

    public bool IsStopping => Volatile.Read(ref _stopping) != 0;

    public int SessionCount => _sessions.Count;

    /// <summary>
    /// Creates a session and adds it to the map; null if the host has begun to stop. A handshake counts itself in
    /// <see cref="_creating"/> before it checks the flag, and the stop sets the flag before it waits for that count to
    /// drop to zero (both with full fences), so a session either is refused here, never entering the map, or is in the
    /// map when <see cref="StopAsync"/> reads it, and is closed by it: none escapes the stop to keep it waiting.
    /// </summary>
    public EngineIoSession? TryCreateSession(HttpContext context, EngineIoTransports transport, SessionProtocol protocol)
    {
        if (IsStopping)
        {
            // Once the stop is seen, handshakes no longer touch the count, so the stop's wait for it is short.
            return null;
        }

        Interlocked.Increment(ref _creating);
        try
        {
            if (IsStopping)
            {
                return null;
            }

            var handshake = new EngineIoHandshake(context, TimeProvider.GetUtcNow());
            EngineIoSession session;
            do
            {
                session = new EngineIoSession(this, SharedSource.PackedId.New(), handshake, transport, protocol);
            }
            while (!_sessions.TryAdd(session.PackedId, session));

            Metrics.SessionOpened(transport);
            Log.SessionOpened(Logger, session.Id, EngineIoMetrics.TransportName(transport));
            return session;
        }
        finally
        {
            Interlocked.Decrement(ref _creating);
        }
    }

    public bool TryGetSession(string sid, out EngineIoSession session)
    {
        if (SharedSource.PackedId.TryParse(sid, out var id))
        {
            return _sessions.TryGetValue(id, out session!);
        }

        session = null!;
        return false;
    }

    /// <summary>Called once per session, by its close (<see cref="EngineIoSession.Abort"/>).</summary>
    public void OnSessionClosed(EngineIoSession session, EngineIoDisconnectReason reason, TimeSpan duration)
    {
        Metrics.SessionClosed(reason, duration);
        Log.SessionClosed(Logger, session.Id, reason.ToReasonString());
    }

    /// <summary>
    /// Takes a closed session out of the map. <see cref="EngineIoSession.Abort"/>, the one way a session ends, is the
    /// only caller: as it closes the session, or when a lingering one's time is up.
    /// </summary>
    public void Remove(EngineIoSession session) => _sessions.TryRemove(new KeyValuePair<SharedSource.PackedId, EngineIoSession>(session.PackedId, session));

    /// <summary>How long shutdown waits for clients to collect their close packet before it aborts the rest.</summary>
    private static readonly TimeSpan _shutdownGracePeriod = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Refuses new handshakes and closes every session gracefully (a close packet), then waits until they are gone,
    /// the grace period ends or the token fires, when the rest are aborted.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        RefuseHandshakes();
        WaitForHandshakesInProgress();
        if (_sessions.IsEmpty)
        {
            return;
        }

        Log.ShuttingDown(Logger, _sessions.Count);
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
                        // Lingering: nobody need wait for its sid any more.
                        session.Abort(EngineIoDisconnectReason.ServerShutdown);
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

    /// <summary>
    /// Waits for the handshakes that had not yet seen the stop to add their session; they do not wait on anything
    /// themselves, so this spins for moments.
    /// </summary>
    private void WaitForHandshakesInProgress()
    {
        var spinner = default(SpinWait);
        while (Volatile.Read(ref _creating) != 0)
        {
            spinner.SpinOnce();
        }
    }

    public void Dispose()
    {
        PingList.Dispose();
        PongList.Dispose();
        ClientPingList?.Dispose();
    }
}
