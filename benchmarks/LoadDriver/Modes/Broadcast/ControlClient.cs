using System.Collections.Concurrent;
using System.Text;
using LoadDriver.Client;

namespace LoadDriver.Modes.Broadcast;

/// <summary>
/// The coordinator's own connection, outside the room: it emits <c>broadcast</c> with ack id = seq. The cluster mode
/// also asks it questions (<c>count</c>, <c>servers</c>) with ack ids above the messages' and gets their answers
/// as JSON.
/// </summary>
internal sealed class ControlClient(int messages) : SioClientHandler
{
    private readonly TaskCompletionSource[] _acks = CreateAcks(messages);
    private readonly ConcurrentDictionary<long, TaskCompletionSource<string>> _queries = new();
    private long _nextQueryId = messages;

    public Task Acked(int seq) => _acks[seq - 1].Task;

    /// <summary>Sends <c>42&lt;id&gt;[<paramref name="argumentsJson"/>]</c> and returns the ack's arguments as a JSON array.</summary>
    public async Task<string> AskAsync(SioConnection connection, string argumentsJson, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref _nextQueryId);
        var answer = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _queries[id] = answer;
        try
        {
            await connection.SendAsync(Wire.ClientFrames.Text($"42{id}[{argumentsJson}]"));
            return await answer.Task.WaitAsync(timeout, cancellationToken);
        }
        finally
        {
            _queries.TryRemove(id, out _);
        }
    }

    public override ReadOnlyMemory<byte> OnAck(long id, ReadOnlySpan<byte> args)
    {
        if (id >= 1 && id <= _acks.Length)
        {
            _acks[id - 1].TrySetResult();
        }
        else if (_queries.TryGetValue(id, out var query))
        {
            query.TrySetResult(Encoding.UTF8.GetString(args));
        }

        return default;
    }

    public override void OnDropped(string reason)
    {
        foreach (var ack in _acks)
        {
            ack.TrySetException(new InvalidOperationException($"control connection dropped: {reason}"));
        }

        foreach (var query in _queries.Values)
        {
            query.TrySetException(new InvalidOperationException($"control connection dropped: {reason}"));
        }
    }

    private static TaskCompletionSource[] CreateAcks(int messages)
    {
        var acks = new TaskCompletionSource[messages];
        for (var i = 0; i < acks.Length; i++)
        {
            acks[i] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        return acks;
    }
}
