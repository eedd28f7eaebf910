using System.Collections.Concurrent;
using System.Text.Json;
using SocketIo.Adapters;
using SocketIo.Redis.Protocol;
using StackExchange.Redis;

namespace SocketIo.Redis.Internal;

/// <summary>
/// The requests one namespace adapter has out to the other servers, as both of Node's Redis adapters keep them: each
/// waits for one answer per other server counted when it is sent (<see cref="CountServersAsync"/>, this server
/// included) or for its timeout, whichever comes first, so a server that died is waited for no longer than that.
/// </summary>
/// <param name="newId">A fresh request id in the adapter's format.</param>
/// <param name="ready">The adapter's own subscriptions: until they are in place, Redis does not count this server.</param>
/// <param name="readyTimeout">How long a count waits for them (Redis may be unreachable).</param>
/// <param name="countSubscribers">The subscribers of the channel every server of the namespace listens on (PUBSUB NUMSUB or SHARDNUMSUB).</param>
/// <param name="timeProvider">The clock of the timeouts.</param>
internal sealed class ClusterRequests(Func<string> newId, Func<Task> ready, TimeSpan readyTimeout, Func<Task<int>> countSubscribers, TimeProvider timeProvider)
{
    /// <summary>
    /// How many servers share the namespace, this one included: counted once this server's subscriptions are in
    /// place (or Redis failed to take them within the timeout), and never fewer than this server.
    /// </summary>
    public async Task<int> CountServersAsync()
    {
        var subscribed = ready();
        if (!subscribed.IsCompleted)
        {
            try
            {
                await subscribed.WaitAsync(readyTimeout, timeProvider);
            }
            catch (TimeoutException)
            {
                // Redis is unreachable: the count below answers for this server alone.
            }
        }

        return Math.Max(await countSubscribers(), 1);
    }

    private readonly ConcurrentDictionary<string, PendingRequest> _requests = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, AckRequest> _ackRequests = new(StringComparer.Ordinal);

    public bool IsPending(string requestId) => _requests.ContainsKey(requestId);

    public bool TryGetPending(string requestId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out PendingRequest? request) =>
        _requests.TryGetValue(requestId, out request);

    public bool IsAckRequest(string requestId) => _ackRequests.ContainsKey(requestId);

    public bool TryGetAckRequest(string requestId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out AckRequest? request) =>
        _ackRequests.TryGetValue(requestId, out request);

    /// <summary>
    /// A broadcast with acknowledgements: <paramref name="publish"/> sends it under a new request id; the collector is
    /// held until every other server has reported its client count, or at the latest for <paramref name="timeout"/>.
    /// </summary>
    public void StartBroadcastWithAck(SocketIoAckCollector collector, TimeSpan timeout, Func<string, bool> publish)
    {
        var requestId = newId();
        var request = new AckRequest(collector);
        _ackRequests[requestId] = request;
        request.Start(timeProvider, timeout);
        _ = collector.Task.ContinueWith(
            static (_, state) =>
            {
                var (requests, id) = ((ClusterRequests, string))state!;
                requests._ackRequests.TryRemove(id, out AckRequest? _);
            },
            (this, requestId),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        if (publish(requestId))
        {
            _ = SetExpectedServersAsync(request);
        }
        else
        {
            request.SetExpectedServers(0);
        }
    }

    private async Task SetExpectedServersAsync(AckRequest request)
    {
        var servers = await CountServersAsync();
        request.SetExpectedServers(Math.Max(servers - 1, 0));
    }

    /// <summary>
    /// Sends a request (<paramref name="publish"/> with its id) that every other server answers, and waits for the
    /// answers: null when there is no other server; timed out with no answers when it could not be published.
    /// </summary>
    public async Task<(PendingRequestResult Result, int Expected)?> RequestAsync(RequestType type, TimeSpan timeout, Func<string, bool> publish, CancellationToken cancellationToken = default)
    {
        var expected = await CountServersAsync() - 1;
        if (expected <= 0)
        {
            return null;
        }

        var requestId = newId();
        var pending = new PendingRequest(type, expected);
        _requests[requestId] = pending;
        try
        {
            pending.Start(timeProvider, timeout);
            if (!publish(requestId))
            {
                return (new PendingRequestResult([], TimedOut: true), expected);
            }

            using var registration = cancellationToken.UnsafeRegister(static state => ((PendingRequest)state!).Cancel(), pending);
            var result = await pending.Task;
            cancellationToken.ThrowIfCancellationRequested();
            return (result, expected);
        }
        finally
        {
            _requests.TryRemove(requestId, out _);
        }
    }

    /// <summary>
    /// A server-side emit with acknowledgements: each answer's <paramref name="property"/> (an answer without it is
    /// Node's undefined, and still counts as that server's answer).
    /// </summary>
    public async Task<SocketIoServerSideAckResult> ServerSideEmitWithAckAsync(TimeSpan timeout, Func<string, bool> publish, string property, CancellationToken cancellationToken)
    {
        if (await RequestAsync(RequestType.ServerSideEmit, timeout, publish, cancellationToken) is not var (result, expected))
        {
            return SocketIoServerSideAckResult.None;
        }

        var responses = new List<JsonElement>(result.Answers.Count);
        foreach (var answer in result.Answers)
        {
            responses.Add(answer.TryGetProperty(property, out var value) ? value : default);
        }

        return new SocketIoServerSideAckResult(responses, expected, result.TimedOut);
    }

    /// <summary>At shutdown: unsubscribes <paramref name="queues"/> and ends every request with what it has.</summary>
    public async Task CloseAsync(IEnumerable<ChannelMessageQueue> queues)
    {
        foreach (var queue in queues)
        {
            try
            {
                await queue.UnsubscribeAsync();
            }
            catch (Exception ex) when (ex is RedisException or ObjectDisposedException)
            {
                // Closing anyway: the connection going away drops the subscriptions too.
            }
        }

        foreach (var pending in _requests.Values)
        {
            pending.Cancel();
        }
    }
}
