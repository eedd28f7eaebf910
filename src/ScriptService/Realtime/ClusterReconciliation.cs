using System.Data.Common;
using System.Threading.Channels;
using ScriptService.Jobs;
using ScriptService.Security;
using SocketIo;
using SocketIo.Redis;

namespace ScriptService.Realtime;

/// <summary>
/// In the Redis mode, makes up for the results an outage of Redis lost between the nodes: the adapter drops rather
/// than queues what a node publishes while its connection is down, and Redis keeps no pub/sub message for a node
/// whose subscriptions are not back yet, so a result stored on one node may never reach a socket registered on
/// another, which would wait for it while connected. Once this node's subscriptions are renewed
/// (<see cref="IRedisAdapterConnection.SubscriptionsRestored"/>) it replays, from the store, the results its sockets
/// are registered for and have not had, and asks the other nodes to do the same (<see cref="ReconcileEvent"/>): what
/// it published while away was lost for them too, though their own connections may never have dropped.
/// </summary>
/// <remarks>
/// A replay is safe: a socket gets each result once (<see cref="SocketState.TryDeliverResult"/>), whichever of the
/// delivery, the register replay and this comes first. The work is bounded: only sockets with registrations still
/// waiting count, each job is read once however many sockets wait for it, at most <see cref="MaxConcurrentReads"/>
/// reads at a time, and requests that come while a pass runs make one more pass, not one each.
/// </remarks>
internal sealed partial class ClusterReconciliation(
    ISocketIoServer io,
    IJobStore store,
    IRedisAdapterConnection connection,
    TimeProvider timeProvider,
    ILogger<ClusterReconciliation> logger) : BackgroundService
{
    /// <summary>The server-side event by which a node whose connection came back asks the others to reconcile.</summary>
    internal const string ReconcileEvent = "scriptservice:reconcile";

    /// <summary>How many job reads a pass makes at once: enough to finish soon, few enough to leave the store to the jobs.</summary>
    internal const int MaxConcurrentReads = 8;

    /// <summary>
    /// The least time between two of this node's notices: messages dropped while Redis is connected (too many on
    /// their way) come in bursts, and each notice costs every other node a pass.
    /// </summary>
    internal static readonly TimeSpan MinNoticeInterval = TimeSpan.FromSeconds(1);

    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    /// <summary>Set while this node publishes its own notice: a drop of that notice must not ask for another one at once.</summary>
    [ThreadStatic]
    private static bool t_notifying;

    private int _reconcile;
    private int _notifyPeers;
    private long _lastNotice;
    private SocketIoServerSideListener? _onReconcile;

    /// <summary>Listens for the restoration of this node's subscriptions, its dropped messages, and the other nodes' requests.</summary>
    public void Attach()
    {
        _onReconcile = OnReconcileRequested;
        io.Sockets.OnServerSideEmit(ReconcileEvent, _onReconcile);
        connection.SubscriptionsRestored += OnSubscriptionsRestored;
        connection.MessageDropped += OnMessageDropped;
    }

    /// <summary>Asks for a pass on this node, the other nodes' too if <paramref name="notifyPeers"/>.</summary>
    internal void Request(bool reconcile, bool notifyPeers)
    {
        if (reconcile)
        {
            Volatile.Write(ref _reconcile, 1);
        }

        if (notifyPeers)
        {
            Volatile.Write(ref _notifyPeers, 1);
        }

        _wake.Writer.TryWrite(true);
    }

    private void OnSubscriptionsRestored(object? sender, EventArgs e)
    {
        Log.SubscriptionsRestored(logger);
        Request(reconcile: true, notifyPeers: true);
    }

    /// <summary>
    /// A message dropped while the connection is down is made up for once it is back (every node reconciles then);
    /// one dropped while it is up (too many publishes on their way, a failed publish) is made up for now, by the
    /// other nodes, for whom it was meant.
    /// </summary>
    private void OnMessageDropped(object? sender, EventArgs e)
    {
        if (!t_notifying && connection.IsSubscribed)
        {
            Request(reconcile: false, notifyPeers: true);
        }
    }

    private ValueTask OnReconcileRequested(SocketIoServerSideEvent e)
    {
        Request(reconcile: true, notifyPeers: false);
        return default;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var _ in _wake.Reader.ReadAllAsync(stoppingToken))
            {
                if (Interlocked.Exchange(ref _notifyPeers, 0) == 1)
                {
                    await NotifyPeersAsync(stoppingToken);
                }

                if (Interlocked.Exchange(ref _reconcile, 0) == 1)
                {
                    await ReconcileAsync(stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task NotifyPeersAsync(CancellationToken cancellationToken)
    {
        if (_lastNotice != 0 && timeProvider.GetElapsedTime(_lastNotice) is var elapsed && elapsed < MinNoticeInterval)
        {
            // The drops that come meanwhile are covered by this notice, which is sent after them.
            await Task.Delay(MinNoticeInterval - elapsed, timeProvider, cancellationToken);
            Volatile.Write(ref _notifyPeers, 0);
        }

        _lastNotice = timeProvider.GetTimestamp();
        t_notifying = true;
        ValueTask emit;
        try
        {
            // The adapter publishes before this returns; the flag covers that synchronous part, where a drop is reported.
            emit = io.Sockets.ServerSideEmitAsync(ReconcileEvent);
        }
        finally
        {
            t_notifying = false;
        }

        await emit;
    }

    /// <summary>One pass: every result this node's sockets wait for that the store holds is delivered to them.</summary>
    internal async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        var waiting = new Dictionary<JobKey, List<(SocketIoSocket Socket, SocketState State)>>();
        foreach (var socket in io.Sockets.Sockets.Values)
        {
            if (socket.Data is SocketState state && state.Pending() is { } jobIds)
            {
                foreach (var jobId in jobIds)
                {
                    var key = JobAccess.Key(state.UserId, jobId);
                    if (!waiting.TryGetValue(key, out var sockets))
                    {
                        waiting[key] = sockets = [];
                    }

                    sockets.Add((socket, state));
                }
            }
        }

        if (waiting.Count == 0)
        {
            return;
        }

        var delivered = 0;
        var unreadable = 0;
        await Parallel.ForEachAsync(
            waiting,
            new ParallelOptions { MaxDegreeOfParallelism = MaxConcurrentReads, CancellationToken = cancellationToken },
            async (entry, token) =>
            {
                JobRecord? job;
                try
                {
                    job = await store.GetAsync(entry.Key, token);
                }
                catch (Exception ex) when (ex is DbException or IOException)
                {
                    // Redis went away again: its next return makes another pass.
                    Interlocked.Increment(ref unreadable);
                    return;
                }

                if (job?.ReadResult() is not { } result)
                {
                    return;
                }

                var message = ScriptResultMessage.From(entry.Key.JobId, result);
                foreach (var (socket, state) in entry.Value)
                {
                    if (state.TryDeliverResult(socket, entry.Key.JobId, message))
                    {
                        Interlocked.Increment(ref delivered);
                    }
                }
            });
        Log.Reconciled(logger, waiting.Count, delivered, unreadable);
    }
}
