using System.Diagnostics.Metrics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ScriptService.Diagnostics;
using ScriptService.Jobs;
using ScriptService.Jobs.Sqlite;
using ScriptService.Tests.Service.Infrastructure;

namespace ScriptService.Tests.Jobs;

/// <summary>
/// Group commit: writes that wait for the writer together are committed in one transaction, each with its own
/// outcome. To make writes wait together without a clock, another connection holds the database's write lock (as a
/// second process would) while they are queued: the store's writer waits for it (busy timeout), then finds them all.
/// </summary>
public sealed class SqliteJobStoreBatchTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly TempDatabase _database = new();
    private readonly FakeTimeProvider _time = new(Start);
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly MeterListener _listener = new();
    private readonly List<int> _batches = [];

    public SqliteJobStoreBatchTests()
    {
        var factory = _services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            // This test's store only: other tests' stores publish on meters of the same name.
            if (instrument.Meter.Scope == factory && instrument.Name == StoreMetrics.BatchSizeName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<int>((_, size, _, _) =>
        {
            lock (_batches)
            {
                _batches.Add(size);
            }
        });
        _listener.Start();
    }

    public void Dispose()
    {
        _listener.Dispose();
        _services.Dispose();
        _database.Dispose();
    }

    [Fact]
    public async Task Writes_QueuedWhileTheWriterWaits_ShareOneCommit()
    {
        const int Count = 100;
        await using var store = Open();

        Task<(JobCreateOutcome Outcome, JobRecord Job)>[] creates;
        using (var holder = HoldWriteLock())
        {
            creates = [.. Enumerable.Range(0, Count).Select(i => store.CreateAsync(new JobKey(null, $"job-{i}"), Request(i), default))];
            Assert.All(creates, c => Assert.False(c.IsCompleted, "A write completes only once it is committed."));
            holder.Commit();
        }

        Assert.All(await Task.WhenAll(creates), c => Assert.Equal(JobCreateOutcome.Created, c.Outcome));

        // The writer took one write before it met the lock, and the rest together once it was free: at most two
        // commits, where a commit per write leaves frames for every one of them in the WAL.
        Assert.InRange(WalFrames(), 1, Count - 1);
        lock (_batches)
        {
            Assert.Equal(Count, _batches.Sum());
            Assert.InRange(_batches.Count, 1, 2);
        }

        Assert.Equal(Count, (await store.GetUnfinishedAsync(default)).Count);
    }

    [Fact]
    public async Task Batch_WriteThatFailsOnItsOwn_FailsAloneAndTheOthersCommit()
    {
        await using var store = Open();
        await store.CreateAsync(new JobKey(null, "existing"), Request(0), default);

        Task<(JobCreateOutcome Outcome, JobRecord Job)> first, created, duplicate, conflict;
        Task missing, running, completed;
        using (var holder = HoldWriteLock())
        {
            first = store.CreateAsync(new JobKey(null, "first"), Request(1), default);
            created = store.CreateAsync(new JobKey(null, "new"), Request(2), default);
            missing = store.MarkRunningAsync(new JobKey(null, "nobody"), default);
            duplicate = store.CreateAsync(new JobKey(null, "new"), Request(2), default);
            conflict = store.CreateAsync(new JobKey(null, "new"), Request(3), default);
            running = store.MarkRunningAsync(new JobKey(null, "existing"), default);
            completed = store.CompleteAsync(new JobKey(null, "existing"), JobState.Succeeded, "{}", default);
            holder.Commit();
        }

        await Assert.ThrowsAsync<KeyNotFoundException>(() => missing);
        Assert.Equal(JobCreateOutcome.Created, (await first).Outcome);
        Assert.Equal(JobCreateOutcome.Created, (await created).Outcome);
        Assert.Equal(JobCreateOutcome.Duplicate, (await duplicate).Outcome);
        var (conflictOutcome, stored) = await conflict;
        Assert.Equal(JobCreateOutcome.Conflict, conflictOutcome);
        Assert.Equal(Request(2), stored.RequestJson);
        await running;
        await completed;

        Assert.Equal(JobState.Succeeded, (await store.GetAsync(new JobKey(null, "existing"), default))!.State);
        Assert.Equal(Request(2), (await store.GetAsync(new JobKey(null, "new"), default))!.RequestJson);
        Assert.Null(await store.GetAsync(new JobKey(null, "nobody"), default));
        lock (_batches)
        {
            // The create before the lock, then at most two batches: the failing write shared a commit with others.
            Assert.Equal(8, _batches.Sum());
            Assert.InRange(_batches.Count, 2, 3);
        }
    }

    [Fact]
    public async Task Batch_WithdrawnWhileQueued_IsNeverWritten_OrWasWrittenWhole()
    {
        await using var store = Open();
        using var cancel = new CancellationTokenSource();

        Task<(JobCreateOutcome Outcome, JobRecord Job)> kept, withdrawn;
        using (var holder = HoldWriteLock())
        {
            kept = store.CreateAsync(new JobKey(null, "kept"), Request(1), default);
            withdrawn = store.CreateAsync(new JobKey(null, "withdrawn"), Request(2), cancel.Token);
            await cancel.CancelAsync();
            holder.Commit();
        }

        Assert.Equal(JobCreateOutcome.Created, (await kept).Outcome);

        // The writer may have taken it with the first write before the token fired: then it is committed, as a write
        // once started always is. Either way the caller's answer and the database agree.
        var stored = await store.GetAsync(new JobKey(null, "withdrawn"), default);
        try
        {
            Assert.Equal(JobCreateOutcome.Created, (await withdrawn).Outcome);
            Assert.NotNull(stored);
        }
        catch (OperationCanceledException)
        {
            Assert.Null(stored);
        }
    }

    [SkippableFact]
    public async Task Batch_DiskFull_FailsEveryWriteOfTheBatchWithTheStoreError_ThenWritesResume()
    {
        using var disk = SmallDisk.MountOrSkip(4L << 20);
        await using var store = Open(Path.Combine(disk.Path, "jobs.db"));
        await store.CreateAsync(new JobKey(null, "before"), Request(0), default);

        disk.Fill();
        Task[] writes;
        using (var holder = HoldWriteLock(Path.Combine(disk.Path, "jobs.db")))
        {
            writes =
            [
                .. Enumerable.Range(1, 20).Select(i => (Task)store.CreateAsync(new JobKey(null, $"job-{i}"), Request(i), default)),
                store.CompleteAsync(new JobKey(null, "before"), JobState.Succeeded, "{}", default),
            ];
            holder.Commit();
        }

        foreach (var write in writes)
        {
            var error = await Assert.ThrowsAsync<SqliteException>(() => write);
            Assert.Equal(13, error.SqliteErrorCode); // SQLITE_FULL
        }

        Assert.False(await store.CanWriteAsync(TimeSpan.FromHours(1), default));
        Assert.Equal(["before"], (await store.GetUnfinishedAsync(default)).Select(j => j.JobId));

        disk.Free();
        Assert.Equal(JobCreateOutcome.Created, (await store.CreateAsync(new JobKey(null, "job-1"), Request(1), default)).Outcome);
        await store.CompleteAsync(new JobKey(null, "before"), JobState.Succeeded, "{}", default);
        Assert.Equal(["job-1"], (await store.GetUnfinishedAsync(default)).Select(j => j.JobId));
    }

    [Fact]
    public async Task Dispose_WithWritesQueued_CommitsThemBeforeClosing()
    {
        var store = Open();
        Task[] creates;
        using (var holder = HoldWriteLock())
        {
            creates = [.. Enumerable.Range(0, 10).Select(i => (Task)store.CreateAsync(new JobKey(null, $"job-{i}"), Request(i), default))];
            var disposing = store.DisposeAsync().AsTask();
            Assert.False(disposing.IsCompleted, "Disposal waits for the queued writes.");
            holder.Commit();
            await disposing;
        }

        await Task.WhenAll(creates);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.CreateAsync(new JobKey(null, "late"), Request(99), default));
        await using var reopened = Open();
        Assert.Equal(10, (await reopened.GetUnfinishedAsync(default)).Count);
    }

    [Fact]
    public async Task Writer_RunsOnAThreadOfItsOwn_NotOnThePool()
    {
        await using var store = Open();
        await store.CreateAsync(new JobKey(null, "job"), Request(0), default);

        // A batch blocks its thread for its statements and its fsync: a pool thread would be one fewer for the requests.
        var writer = store.WriterThread;
        Assert.NotNull(writer);
        Assert.False(writer.IsThreadPoolThread);
        Assert.True(writer.IsBackground);
    }

    [Fact]
    public async Task Batch_RunningMarkFollowedByTheJobsOutcome_IsNotWrittenAndTheOutcomeIs()
    {
        await using var store = Open();
        foreach (var id in new[] { "fast", "slow", "late" })
        {
            await store.CreateAsync(new JobKey(null, id), Request(0), default);
        }

        LogRunningMarks();
        Task first, fastMark, fastDone, slowMark, lateDone, lateMark;
        using (var holder = HoldWriteLock())
        {
            // The writer takes this one alone and waits for the lock with it: what follows is queued behind, as one batch.
            first = store.CreateAsync(new JobKey(null, "first"), Request(1), default);
            Assert.True(SpinWait.SpinUntil(() => store.QueuedWrites == 0, TimeSpan.FromSeconds(30)), "The writer took the first write.");
            fastMark = store.MarkRunningAsync(new JobKey(null, "fast"), default);
            fastDone = store.CompleteAsync(new JobKey(null, "fast"), JobState.Succeeded, "{}", default);
            slowMark = store.MarkRunningAsync(new JobKey(null, "slow"), default);
            lateDone = store.CompleteAsync(new JobKey(null, "late"), JobState.Failed, "{}", default);
            lateMark = store.MarkRunningAsync(new JobKey(null, "late"), default);
            holder.Commit();
        }

        await Task.WhenAll(first, fastMark, fastDone, slowMark, lateDone, lateMark);

        // Only the mark of the job whose outcome came after it in the batch was left out; a mark that came after the
        // outcome is written (and refused), as it always was.
        Assert.Equal(["slow"], RunningMarks());
        Assert.Equal(JobState.Succeeded, (await store.GetAsync(new JobKey(null, "fast"), default))!.State);
        Assert.Equal(JobState.Running, (await store.GetAsync(new JobKey(null, "slow"), default))!.State);
        Assert.Equal(JobState.Failed, (await store.GetAsync(new JobKey(null, "late"), default))!.State);
        lock (_batches)
        {
            Assert.Equal([1, 5], _batches.TakeLast(2));
        }
    }

    private static string Request(int n) => $$"""{"topic":"topic {{n}}","length":"short"}""";

    private SqliteJobStore Open(string? path = null) => new(
        Options.Create(new JobStoreOptions { DatabasePath = path ?? _database.DatabasePath }),
        _time,
        NullLogger<SqliteJobStore>.Instance,
        hostEnvironment: null,
        _services.GetRequiredService<IMeterFactory>());

    /// <summary>Takes the database's write lock on a connection of the test's own, as another process would.</summary>
    private LockHolder HoldWriteLock(string? path = null)
    {
        var connection = _database.OpenRawConnection(path);
        var transaction = connection.BeginTransaction(deferred: false);
        return new LockHolder(connection, transaction);
    }

    /// <summary>From now on, every row update that moves a job to Running is logged, by a trigger of the test's own.</summary>
    private void LogRunningMarks()
    {
        using var connection = _database.OpenRawConnection();
        using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE running_marks (job_id TEXT NOT NULL);
            CREATE TRIGGER log_running_marks AFTER UPDATE OF state ON jobs WHEN NEW.state = 1
            BEGIN INSERT INTO running_marks (job_id) VALUES (NEW.job_id); END;
            """;
        command.ExecuteNonQuery();
    }

    private string[] RunningMarks()
    {
        using var connection = _database.OpenRawConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT job_id FROM running_marks ORDER BY rowid";
        using var reader = command.ExecuteReader();
        var marks = new List<string>();
        while (reader.Read())
        {
            marks.Add(reader.GetString(0));
        }

        return [.. marks];
    }

    /// <summary>Frames in the WAL: every commit appends the pages it changed.</summary>
    private long WalFrames()
    {
        using var connection = _database.OpenRawConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        return reader.GetInt64(1);
    }

    private sealed class LockHolder(SqliteConnection connection, SqliteTransaction transaction) : IDisposable
    {
        public void Commit() => transaction.Commit();

        public void Dispose()
        {
            transaction.Dispose();
            connection.Dispose();
        }
    }
}
