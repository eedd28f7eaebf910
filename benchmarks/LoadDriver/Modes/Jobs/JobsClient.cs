using LoadDriver.Client;
using LoadDriver.Stats;
using LoadDriver.Wire;

namespace LoadDriver.Modes.Jobs;

/// <summary>
/// One client of the Script Generator Service: <c>connection_ack</c>, then per round <c>register</c> (ack) and the
/// job's <c>scriptResult</c>, matched by <c>job_id</c>; a second result for a job is a duplicate.
/// </summary>
internal sealed class JobsClient(JobsShared shared) : SioClientHandler
{
    private readonly TaskCompletionSource<bool> _connectionAck = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly HashSet<string> _finishedJobs = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private TaskCompletionSource<bool>? _registered;
    private TaskCompletionSource<(int Status, long ArrivedAt)>? _result;
    private string? _jobId;
    private long _registerAckId;
    private volatile bool _dropped;

    /// <summary>True when the service acknowledged the connection with <c>status: "success"</c>.</summary>
    public Task<bool> ConnectionAck => _connectionAck.Task;

    /// <summary>True once the server (or the network) ended the connection.</summary>
    public bool Dropped => _dropped;

    /// <summary>Starts a job: the next <c>register</c> ack and <c>scriptResult</c> belong to it.</summary>
    public (Task<bool> Registered, Task<(int Status, long ArrivedAt)> Result, long AckId) Begin(string jobId)
    {
        lock (_lock)
        {
            _jobId = jobId;
            _registerAckId++;
            _registered = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            _result = new TaskCompletionSource<(int, long)>(TaskCreationOptions.RunContinuationsAsynchronously);
            return (_registered.Task, _result.Task, _registerAckId);
        }
    }

    public override ReadOnlyMemory<byte> OnEvent(ReadOnlySpan<byte> args)
    {
        if (args.StartsWith("[\"scriptResult\","u8))
        {
            OnScriptResult(args);
        }
        else if (args.StartsWith("[\"connection_ack\","u8))
        {
            _connectionAck.TrySetResult(JsonArgs.StringEquals(args, 1, "status"u8, "success"u8));
        }

        return default;
    }

    public override ReadOnlyMemory<byte> OnAck(long id, ReadOnlySpan<byte> args)
    {
        var success = JsonArgs.StringEquals(args, 0, "status"u8, "success"u8);
        lock (_lock)
        {
            if (id == _registerAckId)
            {
                _registered?.TrySetResult(success);
            }
        }

        return default;
    }

    public override void OnDropped(string reason)
    {
        _dropped = true;
        shared.AddDrop();
        shared.Errors.Add($"dropped: {reason}");
        var dropped = new InvalidOperationException($"dropped: {reason}");
        _connectionAck.TrySetException(dropped);
        lock (_lock)
        {
            _registered?.TrySetException(dropped);
            _result?.TrySetException(dropped);
        }
    }

    private void OnScriptResult(ReadOnlySpan<byte> args)
    {
        var arrivedAt = Ticks.Now;
        var jobId = JsonArgs.GetString(args, 1, "job_id"u8);
        _ = JsonArgs.TryGetInt32(args, 1, "status"u8, out var status);
        lock (_lock)
        {
            if (jobId is null)
            {
                shared.Errors.Add("scriptResult without job_id");
            }
            else if (!_finishedJobs.Add(jobId))
            {
                shared.AddDuplicate();
            }
            else if (jobId == _jobId)
            {
                _result?.TrySetResult((status, arrivedAt));
            }
            else
            {
                shared.Errors.Add("scriptResult for a job this client did not register");
            }
        }
    }
}
