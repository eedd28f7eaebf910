using System.Text.Json;
using SocketIo.Redis.Protocol;

namespace SocketIo.Redis.Internal;

/// <summary>
/// A request this server sent to the others, waiting for one answer from each server counted when it was sent, or
/// for the request timeout, whichever comes first: a server that died meanwhile is waited for no longer than that.
/// </summary>
internal sealed class PendingRequest
{
    private readonly Lock _lock = new();
    private readonly List<JsonElement> _answers = [];
    private readonly TaskCompletionSource<PendingRequestResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ITimer? _timer;

    public PendingRequest(RequestType type, int expected)
    {
        Type = type;
        Expected = expected;
    }

    public RequestType Type { get; }

    /// <summary>How many other servers are expected to answer.</summary>
    public int Expected { get; }

    public Task<PendingRequestResult> Task => _completion.Task;

    /// <summary>Starts the timeout; on expiry the request completes with the answers so far.</summary>
    public void Start(TimeProvider timeProvider, TimeSpan timeout) =>
        _timer = timeProvider.CreateTimer(static state => ((PendingRequest)state!).Complete(timedOut: true), this, timeout, System.Threading.Timeout.InfiniteTimeSpan);

    /// <summary>Records one server's answer (cloned: the message's document is gone after this returns).</summary>
    public void Add(JsonElement answer)
    {
        bool complete;
        lock (_lock)
        {
            if (_completion.Task.IsCompleted)
            {
                return;
            }

            _answers.Add(answer.Clone());
            complete = _answers.Count >= Expected;
        }

        if (complete)
        {
            Complete(timedOut: false);
        }
    }

    public void Cancel() => Complete(timedOut: true);

    private void Complete(bool timedOut)
    {
        PendingRequestResult result;
        lock (_lock)
        {
            result = new PendingRequestResult([.. _answers], timedOut);
        }

        if (_completion.TrySetResult(result))
        {
            _timer?.Dispose();
        }
    }
}

/// <summary>The answers a request got, and whether it stopped waiting at its timeout.</summary>
internal readonly record struct PendingRequestResult(IReadOnlyList<JsonElement> Answers, bool TimedOut);
