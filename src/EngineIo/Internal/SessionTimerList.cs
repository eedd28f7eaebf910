using System.Diagnostics;

namespace EngineIo.Internal;

/// <summary>
/// Deadlines of one fixed duration for many sessions, served by a single timer. Because every entry waits the same
/// time, appending keeps the list sorted by deadline: adding and removing are O(1) and the timer is armed for the
/// head only. This is how heartbeats for 100k sessions cost one timer instead of 100k, without losing precision.
/// </summary>
/// <remarks>
/// The links live in the session (<see cref="EngineIoSession.TimerPrev"/> and friends), so an entry allocates
/// nothing. Callers add and remove while holding the session's lock; the timer pops due entries under this list's
/// lock only, and the session re-checks its state when told, since it may have moved on in between.
/// </remarks>
internal sealed class SessionTimerList : IDisposable
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _timeProvider;
    private readonly long _durationTicks;
    private readonly Action<EngineIoSession> _onDue;
    private readonly ITimer _timer;
    private EngineIoSession? _head;
    private EngineIoSession? _tail;
    private bool _disposed;

    public SessionTimerList(TimeProvider timeProvider, TimeSpan duration, Action<EngineIoSession> onDue)
    {
        _timeProvider = timeProvider;
        _durationTicks = (long)(duration.TotalSeconds * timeProvider.TimestampFrequency);
        _onDue = onDue;
        _timer = timeProvider.CreateTimer(static state => ((SessionTimerList)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Schedules the session one duration from now, moving it to the end if it was already here.</summary>
    public void Add(EngineIoSession session) => Add(session, start: null);

    /// <summary>
    /// Schedules the session one duration after <paramref name="start"/> (a timestamp, now if null). A deadline that
    /// follows another one is counted from when the first was due, not from when its timer happened to run.
    /// </summary>
    public void Add(EngineIoSession session, long? start)
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            if (session.TimerOwner == this)
            {
                UnlinkLocked(session);
            }

            Debug.Assert(session.TimerOwner is null, "A session waits in one timer list at a time.");
            session.TimerDue = (start ?? _timeProvider.GetTimestamp()) + _durationTicks;
            session.TimerOwner = this;
            session.TimerPrev = _tail;
            session.TimerNext = null;
            if (_tail is null)
            {
                _head = session;
                ArmLocked(session.TimerDue);
            }
            else
            {
                _tail.TimerNext = session;
            }

            _tail = session;
            AssertInvariants();
        }
    }

    public void Remove(EngineIoSession session)
    {
        lock (_lock)
        {
            if (session.TimerOwner == this)
            {
                UnlinkLocked(session);
            }

            AssertInvariants();
        }
    }

    /// <summary>Takes the session out if it waits here and its deadline has passed, whether or not the timer has run.</summary>
    public bool TryRemoveOverdue(EngineIoSession session)
    {
        lock (_lock)
        {
            if (session.TimerOwner != this || session.TimerDue > _timeProvider.GetTimestamp())
            {
                return false;
            }

            UnlinkLocked(session);
            AssertInvariants();
            return true;
        }
    }

    private void UnlinkLocked(EngineIoSession session)
    {
        Debug.Assert(_lock.IsHeldByCurrentThread);
        Debug.Assert(session.TimerOwner == this, "Only a session in this list is unlinked from it.");
        var prev = session.TimerPrev;
        var next = session.TimerNext;
        Debug.Assert(prev is null ? _head == session : prev.TimerNext == session, "The session follows its predecessor.");
        Debug.Assert(next is null ? _tail == session : next.TimerPrev == session, "The session precedes its successor.");
        if (prev is null)
        {
            _head = next;
        }
        else
        {
            prev.TimerNext = next;
        }

        if (next is null)
        {
            _tail = prev;
        }
        else
        {
            next.TimerPrev = prev;
        }

        session.TimerPrev = null;
        session.TimerNext = null;
        session.TimerOwner = null;
    }

    private void OnTimer()
    {
        while (true)
        {
            EngineIoSession due;
            lock (_lock)
            {
                var head = _head;
                if (head is null || _disposed)
                {
                    return;
                }

                if (head.TimerDue > _timeProvider.GetTimestamp())
                {
                    ArmLocked(head.TimerDue);
                    return;
                }

                UnlinkLocked(head);
                AssertInvariants();
                due = head;
            }

            _onDue(due);
        }
    }

    /// <summary>
    /// The list's ends and the links of the entries at them. Not that the deadlines are sorted: a pong deadline counted
    /// from when its ping was due can be earlier than that of a session appended just before it.
    /// </summary>
    [Conditional("DEBUG")]
    private void AssertInvariants()
    {
        Debug.Assert(_lock.IsHeldByCurrentThread, "Invariants are checked under the list's lock.");
        Debug.Assert((_head is null) == (_tail is null), "Both ends or neither.");
        Debug.Assert(_head is null || (_head.TimerPrev is null && _head.TimerOwner == this), "The head starts this list.");
        Debug.Assert(_tail is null || (_tail.TimerNext is null && _tail.TimerOwner == this), "The tail ends this list.");
        Debug.Assert(!_disposed || _head is null, "A disposed list holds nobody.");
    }

    private void ArmLocked(long due)
    {
        Debug.Assert(_lock.IsHeldByCurrentThread);
        Debug.Assert(_head is not null && due == _head.TimerDue, "The timer is armed for the head.");
        var remaining = due - _timeProvider.GetTimestamp();
        // Timers have millisecond resolution: round up so that the timer never fires before the deadline.
        var milliseconds = remaining <= 0 ? 0 : (long)Math.Ceiling(remaining * 1000.0 / _timeProvider.TimestampFrequency);
        _timer.Change(TimeSpan.FromMilliseconds(milliseconds), Timeout.InfiniteTimeSpan);
    }

    public void Dispose()
    {
        lock (_lock)
        {
            // Unlinked one by one, so that a session still being closed finds itself in no list, as after a removal.
            while (_head is { } head)
            {
                UnlinkLocked(head);
            }

            _disposed = true;
            AssertInvariants();
        }

        _timer.Dispose();
    }
}
