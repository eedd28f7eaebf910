using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace ScriptService.Jobs;

/// <summary>
/// The bounded queue between the API and the workers. A POST reserves a slot before it stores the job, so a full
/// queue refuses the job before anything is written, and a stored job always finds its place in the channel.
/// </summary>
internal sealed class JobQueue : IDisposable
{
    private readonly Channel<QueuedJob> _channel;
    private readonly SemaphoreSlim _slots;

    public JobQueue(IOptions<ScriptServiceOptions> options)
    {
        var capacity = Math.Max(1, options.Value.QueueCapacity);
        _slots = new SemaphoreSlim(capacity, capacity);
        _channel = Channel.CreateBounded<QueuedJob>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = false,
            SingleWriter = false,
        });
    }

    /// <summary>Jobs waiting for a worker.</summary>
    public int Depth => _channel.Reader.Count;

    /// <summary>Takes a slot if one is free; the caller then stores the job and calls <see cref="Enqueue"/>, or <see cref="Release"/>.</summary>
    public bool TryReserve() => _slots.Wait(0);

    /// <summary>Waits for a slot (jobs resumed at start may outnumber the slots).</summary>
    public Task ReserveAsync(CancellationToken cancellationToken) => _slots.WaitAsync(cancellationToken);

    public void Release() => _slots.Release();

    /// <summary>Queues a job whose slot is reserved; never waits, since the slot guarantees room.</summary>
    public void Enqueue(QueuedJob job)
    {
        if (!_channel.Writer.TryWrite(job))
        {
            throw new InvalidOperationException("A job was queued without a reserved slot.");
        }
    }

    public void Dispose() => _slots.Dispose();

    /// <summary>The next job, for a worker; its slot is freed as it leaves the queue.</summary>
    public async ValueTask<QueuedJob> DequeueAsync(CancellationToken cancellationToken)
    {
        var job = await _channel.Reader.ReadAsync(cancellationToken);
        _slots.Release();
        return job;
    }
}
