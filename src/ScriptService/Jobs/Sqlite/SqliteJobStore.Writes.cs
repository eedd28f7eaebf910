using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace ScriptService.Jobs.Sqlite;

internal sealed partial class SqliteJobStore
{
    /// <summary>
    /// A write waiting in <see cref="_writes"/> for the writer loop. The loop runs it inside its batch's transaction
    /// (<see cref="Execute"/>), then, once the batch is committed or has failed, completes its caller's task with its own
    /// outcome (<see cref="Complete"/>, <see cref="Fail"/>).
    /// </summary>
    /// <remarks>
    /// A write that fails on its own (a missing job) must find that out before it changes anything, so the batch can
    /// commit without it and without a savepoint per write; the loop asserts it.
    /// </remarks>
    private abstract class PendingWrite
    {
        private const int Waiting = 0;
        private const int Taken = 1;
        private const int Canceled = 2;

        private int _state;
        private CancellationTokenRegistration _cancellation;

        /// <summary>Set by <see cref="Execute"/> when the write failed on its own; it is not committed, and the caller gets this.</summary>
        public Exception? OwnFailure { get; private set; }

        /// <summary>
        /// Lets <paramref name="cancellationToken"/> withdraw the write while it waits; once the loop has taken it, it is
        /// committed or fails with its batch, as a write started is never interrupted.
        /// </summary>
        public void Watch(CancellationToken cancellationToken)
        {
            if (cancellationToken.CanBeCanceled)
            {
                _cancellation = cancellationToken.UnsafeRegister(
                    static (state, token) => ((PendingWrite)state!).TryCancel(token), this);
            }
        }

        /// <summary>Called by the loop: true if the write is its to run, false if its caller withdrew it.</summary>
        public bool TryTake()
        {
            if (Interlocked.CompareExchange(ref _state, Taken, Waiting) != Waiting)
            {
                return false;
            }

            // Unregister, not Dispose: a callback running now finds the write taken and does nothing, so there is no
            // need to wait for it on the writer's thread.
            _cancellation.Unregister();
            return true;
        }

        /// <summary>Runs the write in the batch's transaction. Any exception other than a <see cref="SqliteException"/> is the write's own.</summary>
        public void Execute(SqliteJobStore store, SqliteTransaction transaction)
        {
            Debug.Assert(Volatile.Read(ref _state) == Taken, "Only a write the loop has taken runs.");
            try
            {
                Run(store, transaction);
            }
            catch (Exception ex) when (ex is not SqliteException)
            {
                OwnFailure = ex;
            }
        }

        /// <summary>The batch was committed: the caller gets the write's result, or its own failure.</summary>
        public void Complete()
        {
            if (OwnFailure is { } failure)
            {
                Fail(failure);
            }
            else
            {
                Succeed();
            }
        }

        /// <summary>Whether the write, once committed, tells that the store can write (a probe answered from a known outcome does not).</summary>
        public virtual bool Wrote => OwnFailure is null;

        /// <summary>The caller gets <paramref name="exception"/>.</summary>
        public abstract void Fail(Exception exception);

        protected abstract void Run(SqliteJobStore store, SqliteTransaction transaction);

        protected abstract void Succeed();

        protected abstract void SetCanceled(CancellationToken cancellationToken);

        private void TryCancel(CancellationToken cancellationToken)
        {
            if (Interlocked.CompareExchange(ref _state, Canceled, Waiting) == Waiting)
            {
                SetCanceled(cancellationToken);
            }
        }
    }

    /// <summary>A <see cref="PendingWrite"/> whose caller awaits a <typeparamref name="TResult"/>.</summary>
    private abstract class PendingWrite<TResult> : PendingWrite
    {
        // Asynchronous continuations: the callers' code must not run on the writer loop and hold up the next batch.
        private readonly TaskCompletionSource<TResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private TResult? _result;

        public Task<TResult> Task => _completion.Task;

        public override void Fail(Exception exception)
        {
            var completed = _completion.TrySetException(exception);
            Debug.Assert(completed, "A write is completed once.");
        }

        protected sealed override void Run(SqliteJobStore store, SqliteTransaction transaction) => _result = Write(store, transaction);

        protected abstract TResult Write(SqliteJobStore store, SqliteTransaction transaction);

        protected override void Succeed()
        {
            var completed = _completion.TrySetResult(_result!);
            Debug.Assert(completed, "A write is completed once.");
        }

        protected override void SetCanceled(CancellationToken cancellationToken) => _completion.TrySetCanceled(cancellationToken);
    }

    /// <summary>Stores a new job, or reads back the one that holds its key.</summary>
    private sealed class CreateWrite(JobKey key, string requestJson) : PendingWrite<(JobCreateOutcome Outcome, JobRecord Job)>
    {
        protected override (JobCreateOutcome Outcome, JobRecord Job) Write(SqliteJobStore store, SqliteTransaction transaction)
        {
            var now = store.NowMilliseconds();
            var insert = store.CreateWriterCommand(JobSql.Insert, key, transaction);
            PreparedStatements.Bind(insert, "$requestJson", requestJson);
            PreparedStatements.Bind(insert, "$now", now);
            if (insert.ExecuteNonQuery() == 1)
            {
                var created = DateTimeOffset.FromUnixTimeMilliseconds(now);
                return (JobCreateOutcome.Created, new JobRecord(key.JobId, key.OwnerId, requestJson, JobState.Queued, null, created, created));
            }

            // The key is taken, perhaps by a write earlier in this batch: the row read here is the one that won, and
            // nothing else can change it before the batch commits.
            JobRecord existing;
            using (var reader = store.CreateWriterCommand(JobSql.SelectJob, key, transaction).ExecuteReader())
            {
                if (!reader.Read())
                {
                    throw new InvalidOperationException($"Job '{key}' conflicted on insert but cannot be read back.");
                }

                existing = ReadJob(reader);
            }

            var outcome = string.Equals(existing.RequestJson, requestJson, StringComparison.Ordinal)
                ? JobCreateOutcome.Duplicate
                : JobCreateOutcome.Conflict;
            Log.CreateRefused(store._logger, key.JobId, outcome);
            return (outcome, existing);
        }
    }

    /// <summary>Moves a Queued (or Running) job to Running.</summary>
    private sealed class MarkRunningWrite(JobKey key) : PendingWrite<bool>
    {
        public JobKey Key => key;

        /// <summary>
        /// Set by the writer when the job's outcome comes later in the same batch (<see cref="SkipSupersededMarks"/>): the
        /// mark is then not written, as the same commit moves the job past it, and whatever would refuse the mark (a job
        /// finished or gone) refuses the outcome as well.
        /// </summary>
        public bool Superseded { get; set; }

        protected override bool Write(SqliteJobStore store, SqliteTransaction transaction)
        {
            if (Superseded)
            {
                return true;
            }

            var update = store.CreateWriterCommand(JobSql.MarkRunning, key, transaction);
            PreparedStatements.Bind(update, "$now", store.NowMilliseconds());
            if (update.ExecuteNonQuery() == 0)
            {
                store.ReportRefusedTransition(key, JobState.Running, transaction);
            }

            return true;
        }
    }

    /// <summary>Stores an unfinished job's outcome; the result is a string, or its UTF-8 bytes (see <see cref="JobSql.Complete"/>).</summary>
    private sealed class CompleteWrite(JobKey key, JobState state, object resultJson) : PendingWrite<bool>
    {
        public JobKey Key => key;

        protected override bool Write(SqliteJobStore store, SqliteTransaction transaction)
        {
            var update = store.CreateWriterCommand(JobSql.Complete, key, transaction);
            PreparedStatements.Bind(update, "$state", (int)state);
            PreparedStatements.Bind(update, "$resultJson", resultJson);
            PreparedStatements.Bind(update, "$now", store.NowMilliseconds());
            if (update.ExecuteNonQuery() == 0)
            {
                store.ReportRefusedTransition(key, state, transaction);
                return false;
            }

            return true;
        }
    }

    /// <summary>Deletes up to <see cref="PurgeBatchSize"/> expired jobs; the result is how many.</summary>
    private sealed class PurgeWrite(long cutoff) : PendingWrite<int>
    {
        protected override int Write(SqliteJobStore store, SqliteTransaction transaction)
        {
            var delete = store.CreateWriterCommand(JobSql.PurgeBatch, transaction);
            PreparedStatements.Bind(delete, "$olderThan", cutoff);
            PreparedStatements.Bind(delete, "$limit", PurgeBatchSize);
            return delete.ExecuteNonQuery();
        }
    }

    /// <summary>
    /// The write probe of <see cref="CanWriteAsync"/>: rewrites <c>user_version</c> with its own value. A probe that finds
    /// an outcome younger than its caller's maximum age when its turn comes (a batch just before it answered, or another
    /// probe) writes nothing and answers with that outcome.
    /// </summary>
    private sealed class ProbeWrite(TimeSpan maxAge) : PendingWrite<bool>
    {
        private bool _known;

        public override bool Wrote => base.Wrote && !_known;

        protected override bool Write(SqliteJobStore store, SqliteTransaction transaction)
        {
            if (store.Fresh(maxAge) is { } known)
            {
                _known = true;
                return known;
            }

            var version = Convert.ToInt64(ExecuteScalar(store._writer, JobSql.SelectVersion, transaction), CultureInfo.InvariantCulture);
            SqliteJobStore.Execute(store._writer, JobSql.WriteVersion(version), transaction);
            return true;
        }
    }
}
