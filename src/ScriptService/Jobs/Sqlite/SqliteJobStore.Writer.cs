using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace ScriptService.Jobs.Sqlite;

internal sealed partial class SqliteJobStore
{
    /// <summary>Writes in one batch at most: everything the queue can hold.</summary>
    private const int MaxBatch = WriteQueueCapacity;

    /// <summary>1 while <see cref="RunWriter"/> runs: there is one writer loop, ever.</summary>
    private int _writerRunning;

    /// <summary>Batches committed and writes in them, for the summary logged at close; touched by the writer loop only.</summary>
    private long _batches;
    private long _batchedWrites;
    private int _largestBatch;
    private long _skippedMarks;

    /// <summary>The jobs whose outcome is in the batch after the write being looked at; used by <see cref="SkipSupersededMarks"/> only.</summary>
    private readonly HashSet<JobKey> _completedLater = [];

    /// <summary>The thread the writer loop runs on, once it has started; for tests.</summary>
    internal Thread? WriterThread { get; private set; }

    /// <summary>Writes queued and not yet taken by the writer loop; for tests.</summary>
    internal int QueuedWrites => _writes.Reader.Count;

    /// <summary>Queues <paramref name="write"/> for the writer loop; the task completes once it is committed, or has failed.</summary>
    private Task<TResult> SubmitAsync<TResult>(PendingWrite<TResult> write, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<TResult>(cancellationToken);
        }

        if (!_writes.Writer.TryWrite(write))
        {
            return SubmitWhenRoomAsync(write, cancellationToken);
        }

        write.Watch(cancellationToken);
        return write.Task;
    }

    /// <summary>The queue is full, or closed: waits for room (or throws <see cref="ObjectDisposedException"/>).</summary>
    private async Task<TResult> SubmitWhenRoomAsync<TResult>(PendingWrite<TResult> write, CancellationToken cancellationToken)
    {
        try
        {
            await _writes.Writer.WriteAsync(write, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            throw new ObjectDisposedException(nameof(SqliteJobStore));
        }

        write.Watch(cancellationToken);
        return await write.Task.ConfigureAwait(false);
    }

    /// <summary>
    /// The writer loop: waits for writes, takes every one waiting (up to <see cref="MaxBatch"/>), and commits them
    /// together (<see cref="WriteBatch"/>); ends once disposal has closed the queue and it is empty. Runs on a thread of
    /// its own, which waits for the queue blocked.
    /// </summary>
    private void RunWriter()
    {
        var running = Interlocked.Exchange(ref _writerRunning, 1);
        Debug.Assert(running == 0, "There is one writer loop.");
        WriterThread = Thread.CurrentThread;

        var reader = _writes.Reader;
        var batch = new List<PendingWrite>();
        while (WaitToRead(reader))
        {
            while (batch.Count < MaxBatch && reader.TryRead(out var write))
            {
                // A write its caller withdrew while it waited is dropped here, unwritten.
                if (write.TryTake())
                {
                    batch.Add(write);
                }
            }

            if (batch.Count > 0)
            {
                WriteBatch(batch);
                batch.Clear();
            }
        }

        if (_batches > 0)
        {
            Log.BatchSummary(_logger, _batchedWrites, _batches, (double)_batchedWrites / _batches, _largestBatch, _skippedMarks);
        }
    }

    /// <summary>Waits for a write to read, on the writer's own thread; false once the queue is closed and empty.</summary>
    private static bool WaitToRead(ChannelReader<PendingWrite> reader)
    {
        var waiting = reader.WaitToReadAsync();
        return waiting.IsCompleted ? waiting.GetAwaiter().GetResult() : waiting.AsTask().GetAwaiter().GetResult();
    }

    /// <summary>
    /// Runs <paramref name="batch"/> in one transaction and commits it once, then completes every write with its own
    /// outcome. Never throws: whatever goes wrong fails the writes of the batch, and the loop goes on.
    /// </summary>
    private void WriteBatch(List<PendingWrite> batch)
    {
        Debug.Assert(batch.Count is > 0 and <= MaxBatch, "A batch holds one write or more, and no more than the queue.");
        Debug.Assert(InAutocommit(), "Every batch starts with no transaction open: the previous one committed or rolled back.");

        SkipSupersededMarks(batch);
        Exception? failure = null;
        SqliteTransaction? transaction = null;
        try
        {
            transaction = _writer.BeginTransaction(deferred: false);
            foreach (var write in batch)
            {
                var changesBefore = SQLitePCL.raw.sqlite3_total_changes(_writer.Handle);
                write.Execute(this, transaction);
                Debug.Assert(
                    write.OwnFailure is null || SQLitePCL.raw.sqlite3_total_changes(_writer.Handle) == changesBefore,
                    "A write that fails on its own has changed nothing, so the batch can commit without it.");
            }

            transaction.Commit();
        }
        catch (Exception ex)
        {
            // A SqliteException is the store failing (a full disk, a read-only file, another process's lock); anything
            // else here is a fault of the loop's own. Either way, nothing of the batch is kept.
            failure = ex;
        }
        finally
        {
            try
            {
                // Rolls back what the failure left open; after a commit, does nothing.
                transaction?.Dispose();
            }
            catch (SqliteException)
            {
                // SQLite ended the transaction itself (as it may on a full disk); nothing is left to roll back.
            }
        }

        Debug.Assert(InAutocommit(), "A batch leaves no transaction open.");
        if (failure is not null)
        {
            if (failure is SqliteException sqlite)
            {
                RecordWrite(sqlite);
            }

            foreach (var write in batch)
            {
                write.Fail(write.OwnFailure ?? failure);
            }

            return;
        }

        var wrote = false;
        foreach (var write in batch)
        {
            wrote |= write.Wrote;
        }

        if (wrote)
        {
            RecordWrite(null);
        }

        _metrics.BatchCommitted(batch.Count);
        _batches++;
        _batchedWrites += batch.Count;
        _largestBatch = Math.Max(_largestBatch, batch.Count);

        foreach (var write in batch)
        {
            write.Complete();
        }
    }

    /// <summary>
    /// Marks as superseded each running mark whose job's outcome comes later in <paramref name="batch"/>: a job that
    /// generates in less time than a commit takes has its mark and its outcome queued together, and the mark's row
    /// update would be undone by the outcome's in the same transaction.
    /// </summary>
    private void SkipSupersededMarks(List<PendingWrite> batch)
    {
        Debug.Assert(_completedLater.Count == 0, "The set of outcomes is emptied after every batch.");
        for (var i = batch.Count - 1; i >= 0; i--)
        {
            switch (batch[i])
            {
                case CompleteWrite complete:
                    _completedLater.Add(complete.Key);
                    break;
                case MarkRunningWrite mark when _completedLater.Contains(mark.Key):
                    mark.Superseded = true;
                    _skippedMarks++;
                    break;
            }
        }

        _completedLater.Clear();
    }

    /// <summary>Whether the writer has no transaction open.</summary>
    private bool InAutocommit() => SQLitePCL.raw.sqlite3_get_autocommit(_writer.Handle) != 0;
}
