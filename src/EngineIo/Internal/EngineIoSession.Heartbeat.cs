using EngineIo.Protocol;

namespace EngineIo.Internal;

internal sealed partial class EngineIoSession
{
    /// <summary>Links and deadline for the <see cref="SessionTimerList"/> the session waits in, if any.</summary>
    internal volatile SessionTimerList? TimerOwner;
    internal EngineIoSession? TimerPrev;
    internal EngineIoSession? TimerNext;
    internal long TimerDue;

    /// <summary>A packet arrived since the last ping went out: the client is alive, its pong perhaps queued behind it.</summary>
    private bool _packetSincePing;

    /// <summary>The pong deadline of the last ping has been extended once already.</summary>
    private bool _pongDeadlineExtended;

    /// <summary>
    /// Starts the heartbeat: in protocol v4 the first ping goes out one ping interval after the open packet; in v3 the
    /// client pings, and has the ping interval and the ping timeout to do it.
    /// </summary>
    public void StartHeartbeat()
    {
        lock (Gate)
        {
            if (_state == StateOpen)
            {
                if (_protocol.IsV3)
                {
                    _server.ClientPingList!.Add(this);
                }
                else
                {
                    _server.PingList.Add(this);
                }
            }

            AssertInvariants();
        }
    }

    /// <summary>The ping interval elapsed: ping, and wait for the pong.</summary>
    public void OnPingDue()
    {
        lock (Gate)
        {
            // A pong may have re-scheduled the session after the timer popped it; then this call is stale.
            if (_state != StateOpen || TimerOwner is not null)
            {
                return;
            }

            QueuePingLocked();
            _packetSincePing = false;
            _pongDeadlineExtended = false;
            _server.PongList.Add(this, start: TimerDue);
            AssertInvariants();
        }

        WakeWriters();
    }

    /// <summary>
    /// The pong deadline passed; or, when closing, the deadline to deliver the close packet; or, when closed, the
    /// time a lingering sid is kept.
    /// </summary>
    public void OnPongDue()
    {
        EngineIoDisconnectReason reason;
        lock (Gate)
        {
            if (TimerOwner is not null)
            {
                return;
            }

            if (_state == StateOpen && _packetSincePing && !_pongDeadlineExtended)
            {
                // As the reference does since engine.io 6.6.13: a client that sent something while its pong was awaited
                // is alive, its pong perhaps behind a large message on a slow link. It gets one more ping timeout, once
                // per ping, so that a client which never answers is still closed.
                _pongDeadlineExtended = true;
                _server.PongList.Add(this);
                AssertInvariants();
                return;
            }

            // Closing: the close packet was not delivered in time. Closed: a lingering sid's time is up, and the abort
            // only forgets it.
            reason = _state == StateOpen ? EngineIoDisconnectReason.PingTimeout : _closeReason;
        }

        Abort(reason);
    }

    /// <summary>
    /// Closes the session if its pong deadline (or, in protocol v3, the deadline for the client's ping) has passed but
    /// the timer has not run yet, so that a request arriving just after the deadline sees what the reference shows:
    /// timers run before I/O there.
    /// </summary>
    public bool CloseIfPongOverdue()
    {
        if (_server.PongList.TryRemoveOverdue(this))
        {
            OnPongDue();
        }
        else if (_server.ClientPingList?.TryRemoveOverdue(this) == true)
        {
            OnClientPingDue();
        }
        else
        {
            return false;
        }

        return _state == StateClosed;
    }

    /// <summary>
    /// Protocol v3: the client pinged. The pong goes out, and the client has the ping interval and the ping timeout
    /// again for its next ping, as in the reference.
    /// </summary>
    private void OnClientPing()
    {
        lock (Gate)
        {
            if (_state != StateOpen)
            {
                return;
            }

            _server.ClientPingList!.Add(this);
            _packetSincePing = false;
            EnqueueLocked(OutboundPacket.Control(EnginePacketType.Pong));
            AssertInvariants();
        }

        WakeWriters();
    }

    /// <summary>
    /// Protocol v3: no ping came within the ping interval and the ping timeout. A client that sent something else
    /// meanwhile is alive (its ping perhaps behind a large message), as the reference judges it by its last packet of
    /// any kind: it gets the time again. Otherwise the session closes with "ping timeout".
    /// </summary>
    public void OnClientPingDue()
    {
        lock (Gate)
        {
            if (TimerOwner is not null || _state != StateOpen)
            {
                return;
            }

            if (_packetSincePing)
            {
                _packetSincePing = false;
                _server.ClientPingList!.Add(this);
                AssertInvariants();
                return;
            }
        }

        Abort(EngineIoDisconnectReason.PingTimeout);
    }

    /// <summary>Takes the session out of whichever heartbeat list its protocol put it in; the lock is held.</summary>
    private void RemoveFromHeartbeatLocked()
    {
        _server.PingList.Remove(this);
        _server.ClientPingList?.Remove(this);
    }

    /// <summary>A pong (solicited or not) restarts the ping interval from now, as the reference does.</summary>
    private void OnPong()
    {
        lock (Gate)
        {
            if (_state != StateOpen)
            {
                return;
            }

            _server.PongList.Remove(this);
            _server.PingList.Add(this);
            AssertInvariants();
        }
    }
}
