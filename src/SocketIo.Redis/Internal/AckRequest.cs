using SocketIo.Adapters;

namespace SocketIo.Redis.Internal;

/// <summary>
/// A broadcast with acknowledgements this server sent to the others: it holds the collector until every server
/// counted by <c>PUBSUB NUMSUB</c> has said how many of its sockets it reached, or until the request timeout, after
/// which a server that has not said is taken for gone.
/// </summary>
internal sealed class AckRequest(SocketIoAckCollector collector)
{
    private readonly Lock _lock = new();
    private int _expectedServers = -1;
    private int _reportedServers;
    private bool _released;
    private ITimer? _timer;

    public SocketIoAckCollector Collector { get; } = collector;

    /// <summary>Holds the collector; releases it at the latest after <paramref name="timeout"/>.</summary>
    public void Start(TimeProvider timeProvider, TimeSpan timeout)
    {
        Collector.Hold();
        _timer = timeProvider.CreateTimer(static state => ((AckRequest)state!).Release(), this, timeout, System.Threading.Timeout.InfiniteTimeSpan);
    }

    /// <summary>How many other servers there are (from <c>PUBSUB NUMSUB</c>, less this one).</summary>
    public void SetExpectedServers(int servers)
    {
        bool release;
        lock (_lock)
        {
            _expectedServers = servers;
            release = _reportedServers >= _expectedServers;
        }

        if (release)
        {
            Release();
        }
    }

    /// <summary>Another server reached <paramref name="clients"/> sockets, whose answers are now awaited.</summary>
    public void ServerReported(int clients)
    {
        Collector.Expect(clients);
        bool release;
        lock (_lock)
        {
            _reportedServers++;
            release = _expectedServers >= 0 && _reportedServers >= _expectedServers;
        }

        if (release)
        {
            Release();
        }
    }

    private void Release()
    {
        lock (_lock)
        {
            if (_released)
            {
                return;
            }

            _released = true;
        }

        _timer?.Dispose();
        Collector.Release();
    }
}
