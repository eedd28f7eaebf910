using System.IO.Pipelines;
using System.Threading.Channels;

namespace EngineIo.Tests.WebSockets;

/// <summary>
/// A connection's output as the server writes it, with a hand on its flushes: it counts them and, while
/// <see cref="Hold"/> is on, parks each one until the test releases it. A parked flush is a client that has not read
/// yet, made deterministic: whatever the server queues meanwhile waits, and the test sees exactly what the next flush
/// carries (<see cref="HeldFlush.Bytes"/>). Everything else goes straight to Kestrel's own writer.
/// </summary>
public sealed class FlushRecorder(PipeWriter inner) : PipeWriter
{
    private readonly Channel<HeldFlush> _held = Channel.CreateUnbounded<HeldFlush>();
    private readonly List<HeldFlush> _parked = [];
    private volatile bool _holding;
    private int _flushes;

    /// <summary>Flushes so far, held or not, counted when they start.</summary>
    public int Flushes => Volatile.Read(ref _flushes);

    /// <summary>From now on, each flush waits for the test to release it.</summary>
    public void Hold() => _holding = true;

    /// <summary>Lets flushes through again, and releases every one still parked.</summary>
    public void Resume()
    {
        _holding = false;
        lock (_parked)
        {
            foreach (var held in _parked)
            {
                held.Release();
            }
        }
    }

    /// <summary>The next flush the server started while held, in the order they came.</summary>
    public async Task<HeldFlush> NextHeldAsync() => await _held.Reader.ReadAsync().AsTask().DefaultTimeout();

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _flushes);
        if (!_holding)
        {
            return inner.FlushAsync(cancellationToken);
        }

        var held = new HeldFlush(inner.UnflushedBytes);
        lock (_parked)
        {
            _parked.Add(held);
        }

        _held.Writer.TryWrite(held);
        return FlushWhenReleasedAsync(held, cancellationToken);
    }

    private async ValueTask<FlushResult> FlushWhenReleasedAsync(HeldFlush held, CancellationToken cancellationToken)
    {
        await held.Released;
        return await inner.FlushAsync(cancellationToken);
    }

    /// <summary>An abort must not wait for the test: a parked flush goes on, and the pipe reports it cancelled.</summary>
    public override void CancelPendingFlush()
    {
        Resume();
        inner.CancelPendingFlush();
    }

    public override void Advance(int bytes) => inner.Advance(bytes);

    public override Memory<byte> GetMemory(int sizeHint = 0) => inner.GetMemory(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) => inner.GetSpan(sizeHint);

    public override void Complete(Exception? exception = null)
    {
        Resume();
        inner.Complete(exception);
    }

    public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

    public override long UnflushedBytes => inner.UnflushedBytes;
}

/// <summary>A flush the server started and that waits for <see cref="Release"/>.</summary>
public sealed class HeldFlush(long bytes)
{
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>What the flush carries: the bytes written since the one before.</summary>
    public long Bytes { get; } = bytes;

    internal Task Released => _released.Task;

    public void Release() => _released.TrySetResult();
}
