using EngineIo.Transports;

namespace EngineIo.Internal;

/// <summary>The outcome of claiming a polling request slot.</summary>
internal enum PollingClaim
{
    Claimed,

    /// <summary>The session is carried by a WebSocket now; polling requests are stale.</summary>
    WrongTransport,

    /// <summary>A request of the same kind is already in progress: the client broke the protocol.</summary>
    Overlap,
}

internal sealed partial class EngineIoSession
{
    private bool _pollActive;
    private bool _postActive;
    private bool _upgrading;

    /// <summary>The WebSocket trying to upgrade the session, closed if the session ends first.</summary>
    private IWebSocketConnection? _upgradeCandidate;

    /// <summary>Completed when the pending GET leaves, so that an upgraded WebSocket starts writing only after it.</summary>
    private TaskCompletionSource? _pollReleased;

    public override bool IsWritable =>
        _state == StateOpen && _queueCount == 0 && !_pingQueued && (_transport == EngineIoTransports.WebSocket || _pollActive);

    /// <summary>True from the probe until the upgrade completes or fails: a GET then answers at once instead of waiting.</summary>
    public bool IsUpgrading => _upgrading;

    public PollingClaim TryBeginPoll() => TryClaim(ref _pollActive);

    public void EndPoll()
    {
        TaskCompletionSource? released;
        lock (Gate)
        {
            _pollActive = false;
            released = _pollReleased;
            _pollReleased = null;
            AssertInvariants();
        }

        released?.TrySetResult();
    }

    public PollingClaim TryBeginPost() => TryClaim(ref _postActive);

    public void EndPost()
    {
        lock (Gate)
        {
            _postActive = false;
            AssertInvariants();
        }
    }

    /// <summary>Claims the GET or the POST slot: one of each at a time, and only while polling carries the session.</summary>
    private PollingClaim TryClaim(ref bool active)
    {
        lock (Gate)
        {
            if (_transport != EngineIoTransports.Polling)
            {
                return PollingClaim.WrongTransport;
            }

            if (active)
            {
                return PollingClaim.Overlap;
            }

            active = true;
            AssertInvariants();
            return PollingClaim.Claimed;
        }
    }

    /// <summary>Registers a WebSocket as the upgrade candidate; false if the session cannot be upgraded now.</summary>
    public bool TryBeginUpgrade(IWebSocketConnection candidate)
    {
        lock (Gate)
        {
            if (_state != StateOpen || _transport != EngineIoTransports.Polling || _upgradeCandidate is not null)
            {
                return false;
            }

            _upgradeCandidate = candidate;
            AssertInvariants();
            return true;
        }
    }

    /// <summary>The candidate answered the probe: release the pending GET with a noop so the client can pause polling.</summary>
    public void OnUpgradeProbed(IWebSocketConnection candidate)
    {
        lock (Gate)
        {
            if (_upgradeCandidate != candidate)
            {
                // Timed out (or the session closed) as the probe was being answered: another candidate may be under way.
                return;
            }

            _upgrading = true;
            AssertInvariants();
        }

        WakeWriters();
    }

    /// <summary>
    /// Makes the candidate the session's transport. Returns a task that completes once no GET is pending any more,
    /// after which the WebSocket is the only writer; null if the session closed meanwhile.
    /// </summary>
    public Task? CompleteUpgrade()
    {
        Task released;
        lock (Gate)
        {
            _upgradeCandidate = null;
            _upgrading = false;
            if (_state == StateClosed)
            {
                AssertInvariants();
                return null;
            }

            _transport = EngineIoTransports.WebSocket;
            if (_pollActive)
            {
                _pollReleased = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                released = _pollReleased.Task;
            }
            else
            {
                released = Task.CompletedTask;
            }

            AssertInvariants();
        }

        _server.Metrics.Upgraded();
        Log.SessionUpgraded(_server.Logger, Id);
        WakeWriters();
        return released;
    }

    /// <summary>The candidate failed (or timed out): the slot is free for another attempt.</summary>
    public void CancelUpgrade(IWebSocketConnection candidate)
    {
        lock (Gate)
        {
            if (_upgradeCandidate == candidate)
            {
                _upgradeCandidate = null;
                _upgrading = false;
            }

            AssertInvariants();
        }
    }

    private void AbortUpgradeCandidate()
    {
        IWebSocketConnection? candidate;
        lock (Gate)
        {
            candidate = _upgradeCandidate;
            _upgradeCandidate = null;
            _upgrading = false;
            AssertInvariants();
        }

        candidate?.Abort();
    }
}
