using EngineIo.Protocol;

namespace EngineIo.Internal;

internal sealed partial class EngineIoSession
{
    /// <summary>Links and deadline for the <see cref="SessionTimerList"/> the session waits in, if any.</summary>
    internal volatile SessionTimerList? TimerOwner;
    internal EngineIoSession? TimerPrev;
    internal EngineIoSession? TimerNext;
    internal long TimerDue;

    /// <summary>Starts the heartbeat: the first ping goes out one ping interval after the open packet.</summary>
    public void StartHeartbeat()
    {
        lock (_lock)
        {
            if (_state == StateOpen)
            {
                _server.PingList.Add(this);
            }
        }
    }

    /// <summary>The ping interval elapsed: ping, and wait for the pong.</summary>
    public void OnPingDue()
    {
        lock (_lock)
        {
            // A pong may have re-scheduled the session after the timer popped it; then this call is stale.
            if (_state != StateOpen || TimerOwner is not null)
            {
                return;
            }

            EnqueueLocked(OutboundPacket.Control(EnginePacketType.Ping));
            _server.PongList.Add(this);
        }

        _writerSignal.Set();
    }

    /// <summary>The pong deadline (or, when closing, the deadline to deliver the close packet) passed.</summary>
    public void OnPongDue()
    {
        EngineIoDisconnectReason reason;
        lock (_lock)
        {
            if (_state == StateClosed || TimerOwner is not null)
            {
                return;
            }

            reason = _state == StateClosing ? _closeReason : EngineIoDisconnectReason.PingTimeout;
        }

        Abort(reason);
    }

    /// <summary>A pong (solicited or not) restarts the ping interval from now, as the reference does.</summary>
    private void OnPong()
    {
        lock (_lock)
        {
            if (_state != StateOpen)
            {
                return;
            }

            _server.PongList.Remove(this);
            _server.PingList.Add(this);
        }
    }
}
