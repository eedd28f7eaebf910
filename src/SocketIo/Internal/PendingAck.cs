using SocketIo.Diagnostics;

namespace SocketIo.Internal;

/// <summary>One acknowledged emit: completes with the answer, or fails on timeout, cancellation or disconnect.</summary>
internal sealed class PendingAck : TaskCompletionSource<SocketIoAckResponse>, IPendingAck
{
    private readonly AckRegistry _registry;
    private readonly string _socketId;
    private readonly long _ackId;
    private readonly SocketIoMetrics _metrics;
    private ITimer? _timer;
    private CancellationTokenRegistration _cancellation;

    public PendingAck(AckRegistry registry, string socketId, long ackId, SocketIoMetrics metrics)
        : base(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        _registry = registry;
        _socketId = socketId;
        _ackId = ackId;
        _metrics = metrics;
        metrics.AckPending(1);
    }

    public void Start(TimeProvider timeProvider, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (timeout != Timeout.InfiniteTimeSpan)
        {
            _timer = timeProvider.CreateTimer(static state => ((PendingAck)state!).OnTimeout(), this, timeout, Timeout.InfiniteTimeSpan);
        }

        if (cancellationToken.CanBeCanceled)
        {
            _cancellation = cancellationToken.UnsafeRegister(static (state, token) => ((PendingAck)state!).OnCancelled(token), this);
        }
    }

    public void Complete(SocketIoAckResponse response)
    {
        if (TrySetResult(response))
        {
            Cleanup();
        }
    }

    public void Fail(Exception error)
    {
        if (TrySetException(error))
        {
            Cleanup();
        }
    }

    private void OnTimeout()
    {
        if (_registry.Take(_socketId, _ackId) is not null && TrySetException(new TimeoutException("operation has timed out")))
        {
            _metrics.AckTimedOut();
            Cleanup();
        }
    }

    private void OnCancelled(CancellationToken token)
    {
        if (_registry.Take(_socketId, _ackId) is not null && TrySetCanceled(token))
        {
            Cleanup();
        }
    }

    private void Cleanup()
    {
        _metrics.AckPending(-1);
        _timer?.Dispose();
        _cancellation.Dispose();
    }
}
