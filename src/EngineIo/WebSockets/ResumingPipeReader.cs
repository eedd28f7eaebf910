using System.IO.Pipelines;

namespace EngineIo.WebSockets;

/// <summary>
/// The connection's reader as Kestrel gets it after a peek that was cut short (out of time, the connection or the
/// host going) while it waited for more of the head: its first read returns at once with what the peek had read. The
/// peek cannot simply give those bytes back: they were marked examined, and a pipe's examined position never moves
/// back, so the pipe itself would wait for more data first. Only such connections get this wrapper.
/// </summary>
internal sealed class ResumingPipeReader(PipeReader inner, ReadResult pending) : PipeReader
{
    private readonly PipeReader _inner = inner;

    /// <summary>The peek's last read, not yet advanced: the pipe is still inside that read.</summary>
    private ReadResult _pending = pending;
    private bool _hasPending = true;

    public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default) =>
        TryTakePending(out var result) ? new ValueTask<ReadResult>(result) : _inner.ReadAsync(cancellationToken);

    public override bool TryRead(out ReadResult result) => TryTakePending(out result) || _inner.TryRead(out result);

    public override void AdvanceTo(SequencePosition consumed) => _inner.AdvanceTo(consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined) => _inner.AdvanceTo(consumed, examined);

    public override void CancelPendingRead()
    {
        if (_hasPending)
        {
            // The read that is due next is the pending one: it reports the cancellation.
            _pending = new ReadResult(_pending.Buffer, isCanceled: true, _pending.IsCompleted);
            return;
        }

        _inner.CancelPendingRead();
    }

    public override void Complete(Exception? exception = null) => _inner.Complete(exception);

    public override ValueTask CompleteAsync(Exception? exception = null) => _inner.CompleteAsync(exception);

    private bool TryTakePending(out ReadResult result)
    {
        result = _pending;
        if (!_hasPending)
        {
            return false;
        }

        _hasPending = false;
        _pending = default;
        return true;
    }
}
