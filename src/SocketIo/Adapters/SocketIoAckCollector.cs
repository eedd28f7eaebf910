using SocketIo.Internal;

namespace SocketIo.Adapters;

/// <summary>
/// Gathers the acknowledgements of one broadcast. The adapter counts each socket it reached with
/// <see cref="Expect"/>; answers arrive through <see cref="Add"/>. The broadcast completes when every reached socket
/// has answered or left, or when the timeout passes with the answers so far.
/// </summary>
public sealed class SocketIoAckCollector : IPendingAck
{
    private readonly Lock _lock = new();
    private readonly List<SocketIoAckResponse> _responses = [];
    private readonly TaskCompletionSource<SocketIoBroadcastAckResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _expected;
    private int _gone;
    private int _holds;
    private bool _sealed;
    private ITimer? _timer;

    internal SocketIoAckCollector()
    {
    }

    internal Task<SocketIoBroadcastAckResult> Task => _completion.Task;

    /// <summary>How long the emit waits for the answers (infinite when it set no timeout); an adapter tells other servers.</summary>
    internal TimeSpan Timeout { get; init; } = System.Threading.Timeout.InfiniteTimeSpan;

    /// <summary>Sees each answer as it arrives (an adapter relaying the answers to the server that asked).</summary>
    internal Action<SocketIoAckResponse>? Observer { get; init; }

    /// <summary>How many targets have been counted so far.</summary>
    internal int Expected
    {
        get
        {
            lock (_lock)
            {
                return _expected;
            }
        }
    }

    /// <summary>
    /// Keeps the result from completing before the timeout until <see cref="Release"/>: a multi-node adapter holds it
    /// while other servers have yet to say how many sockets they reached.
    /// </summary>
    public void Hold()
    {
        lock (_lock)
        {
            _holds++;
        }
    }

    /// <summary>Ends one <see cref="Hold"/>.</summary>
    public void Release()
    {
        lock (_lock)
        {
            _holds--;
        }

        TryComplete(timedOut: false);
    }

    /// <summary>Counts sockets that received the packet and are expected to answer.</summary>
    public void Expect(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (_lock)
        {
            _expected += count;
        }
    }

    /// <summary>Records one socket's answer.</summary>
    public void Add(SocketIoAckResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        lock (_lock)
        {
            _responses.Add(response);
        }

        Observer?.Invoke(response);
        TryComplete(timedOut: false);
    }

    /// <summary>Every target has been reached: from now on the result can complete.</summary>
    internal void Seal(TimeProvider timeProvider, TimeSpan timeout)
    {
        lock (_lock)
        {
            _sealed = true;
        }

        if (!TryComplete(timedOut: false) && timeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            _timer = timeProvider.CreateTimer(static state => ((SocketIoAckCollector)state!).TryComplete(timedOut: true), this, timeout, System.Threading.Timeout.InfiniteTimeSpan);
        }
    }

    void IPendingAck.Complete(SocketIoAckResponse response) => Add(response);

    /// <summary>A target left before answering: it will not answer, so it no longer holds the result back.</summary>
    void IPendingAck.Fail(Exception error)
    {
        lock (_lock)
        {
            _gone++;
        }

        TryComplete(timedOut: false);
    }

    private bool TryComplete(bool timedOut)
    {
        SocketIoBroadcastAckResult result;
        lock (_lock)
        {
            if (_completion.Task.IsCompleted || !_sealed || (!timedOut && (_holds > 0 || _responses.Count + _gone < _expected)))
            {
                return _completion.Task.IsCompleted;
            }

            result = new SocketIoBroadcastAckResult([.. _responses], _expected, timedOut);
        }

        _timer?.Dispose();
        return _completion.TrySetResult(result);
    }
}
