using System.Threading.Channels;
using Microsoft.Extensions.Options;
using ScriptService.Diagnostics;
using ScriptService.Generation;

namespace ScriptService.Jobs;

/// <summary>
/// The queue of a single process: a bounded channel between the API and the workers. A POST reserves a slot before it
/// stores the job, so a full queue refuses the job before anything is written, and a stored job always finds its place
/// in the channel. It keeps nothing itself: the store is the record, and <see cref="RecoverAsync"/> queues again at
/// start what the store holds unfinished.
/// </summary>
internal sealed partial class InProcessJobQueue : IJobQueue, IDisposable
{
    private readonly Channel<JobLease> _channel;
    private readonly SemaphoreSlim _slots;
    private readonly IJobStore _store;
    private readonly ILogger<InProcessJobQueue> _logger;

    public InProcessJobQueue(IJobStore store, IOptions<ScriptServiceOptions> options, ServiceMetrics metrics, ILogger<InProcessJobQueue> logger)
    {
        _store = store;
        _logger = logger;
        var capacity = options.Value.QueueCapacity;
        _slots = new SemaphoreSlim(capacity, capacity);
        _channel = Channel.CreateBounded<JobLease>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = false,
            SingleWriter = false,
        });
        metrics.ObserveQueueDepth(() => Depth);
    }

    /// <inheritdoc/>
    public int Depth => _channel.Reader.Count;

    /// <inheritdoc/>
    public ValueTask<bool> TryReserveAsync(CancellationToken cancellationToken) => ValueTask.FromResult(_slots.Wait(0, CancellationToken.None));

    /// <inheritdoc/>
    public void Release() => _slots.Release();

    /// <summary>
    /// Queues a job whose slot is reserved, with its request for the worker (not read back from the store); never
    /// waits, since the slot guarantees room.
    /// </summary>
    public ValueTask EnqueueAsync(JobKey key, ScriptRequest request, CancellationToken cancellationToken) =>
        Enqueue(new JobLease(key, Request: request));

    private ValueTask Enqueue(JobLease lease)
    {
        if (!_channel.Writer.TryWrite(lease))
        {
            throw new InvalidOperationException("A job was queued without a reserved slot.");
        }

        return default;
    }

    /// <summary>The next job, for a worker; its slot is freed as it leaves the queue.</summary>
    public async ValueTask<JobLease> TakeAsync(CancellationToken cancellationToken)
    {
        var lease = await _channel.Reader.ReadAsync(cancellationToken);
        _slots.Release();
        return lease;
    }

    /// <summary>Nothing to do: the store's state is the record of what is left to run.</summary>
    public ValueTask CompleteAsync(JobLease lease, CancellationToken cancellationToken) => default;

    /// <summary>Nothing to do: the job stays unfinished in the store, and is queued again at the next start.</summary>
    public void Abandon(JobLease lease)
    {
    }

    /// <summary>Queues again the jobs the store holds Queued or Running, oldest first.</summary>
    public async Task RecoverAsync(CancellationToken cancellationToken)
    {
        var unfinished = await _store.GetUnfinishedAsync(cancellationToken);
        if (unfinished.Count == 0)
        {
            return;
        }

        Log.JobsResumed(_logger, unfinished.Count);
        foreach (var job in unfinished)
        {
            // More jobs than slots may be waiting: take slots as workers free them.
            await _slots.WaitAsync(cancellationToken);
            // Without its request: the worker reads the job back, and finds it as the store has it.
            await Enqueue(new JobLease(job.Key));
        }
    }

    public void Dispose() => _slots.Dispose();
}
