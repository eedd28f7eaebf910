using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ScriptService.Jobs;
using ScriptService.Jobs.Sqlite;

namespace ScriptService.Tests.Jobs;

/// <remarks>
/// xunit 2 awaits <see cref="IAsyncLifetime.DisposeAsync"/> (closing the store), then calls <see cref="Dispose"/>
/// (deleting the files); it does not look for <see cref="IAsyncDisposable"/> on a test class.
/// </remarks>
public sealed class SqliteJobStoreTests : IAsyncLifetime, IDisposable
{
    private static readonly DateTimeOffset Start = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly TempDatabase _database = new();
    private readonly FakeTimeProvider _time = new(Start);
    private SqliteJobStore _store;

    public SqliteJobStoreTests() => _store = _database.Open(_time);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
    }

    public void Dispose() => _database.Dispose();

    private static string Request(int n) => $$"""{"topic":"topic {{n}}","length":"short"}""";

    // ---- CreateAsync ----

    [Fact]
    public async Task CreateAsync_NewId_ReturnsCreatedQueuedJob()
    {
        var (outcome, job) = await _store.CreateAsync(new JobKey("alice", "job-1"), Request(1), default);

        Assert.Equal(JobCreateOutcome.Created, outcome);
        Assert.Equal(new JobRecord("job-1", "alice", Request(1), JobState.Queued, null, Start, Start), job);
        Assert.Equal(job, await _store.GetAsync(new JobKey("alice", "job-1"), default));
    }

    [Fact]
    public async Task CreateAsync_SameIdSameRequest_ReturnsDuplicateWithStoredJob()
    {
        var (_, created) = await _store.CreateAsync(new JobKey("alice", "job-1"), Request(1), default);
        _time.Advance(TimeSpan.FromMinutes(1));

        var (outcome, job) = await _store.CreateAsync(new JobKey("alice", "job-1"), Request(1), default);

        Assert.Equal(JobCreateOutcome.Duplicate, outcome);
        Assert.Equal(created, job);
    }

    [Fact]
    public async Task CreateAsync_SameIdDifferentRequest_ReturnsConflictAndKeepsStoredJob()
    {
        var (_, created) = await _store.CreateAsync(new JobKey("alice", "job-1"), Request(1), default);

        var (outcome, job) = await _store.CreateAsync(new JobKey("alice", "job-1"), Request(2), default);

        Assert.Equal(JobCreateOutcome.Conflict, outcome);
        Assert.Equal(created, job);
        Assert.Equal(created, await _store.GetAsync(new JobKey("alice", "job-1"), default));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task CreateAsync_SameIdOtherOwner_CreatesAJobOfItsOwn(int otherRequest)
    {
        var (_, alices) = await _store.CreateAsync(new JobKey("alice", "job-1"), Request(1), default);
        _time.Advance(TimeSpan.FromMinutes(1));

        // Ids are the owner's own: Bob's id neither collides with Alice's job nor tells him it exists.
        var (outcome, bobs) = await _store.CreateAsync(new JobKey("bob", "job-1"), Request(otherRequest), default);
        await _store.CompleteAsync(new JobKey("bob", "job-1"), JobState.Succeeded, "{}", default);

        Assert.Equal(JobCreateOutcome.Created, outcome);
        Assert.Equal(new JobRecord("job-1", "bob", Request(otherRequest), JobState.Queued, null, Start.AddMinutes(1), Start.AddMinutes(1)), bobs);
        Assert.Equal(alices, await _store.GetAsync(new JobKey("alice", "job-1"), default));
        Assert.Equal(JobState.Succeeded, (await _store.GetAsync(new JobKey("bob", "job-1"), default))!.State);
        Assert.Null(await _store.GetAsync(new JobKey(null, "job-1"), default));
        Assert.Null(await _store.GetAsync(new JobKey("carol", "job-1"), default));
    }

    [Fact]
    public async Task CreateAsync_NoOwner_StoresNullOwner()
    {
        await _store.CreateAsync(new JobKey(null, "job-1"), Request(1), default);

        Assert.Null((await _store.GetAsync(new JobKey(null, "job-1"), default))!.OwnerId);
    }

    [Fact]
    public async Task CreateAsync_CanceledToken_ThrowsAndStoresNothing()
    {
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => _store.CreateAsync(new JobKey(null, "job-1"), Request(1), new CancellationToken(canceled: true)));

        Assert.Null(await _store.GetAsync(new JobKey(null, "job-1"), default));
    }

    [Fact]
    public async Task CreateAsync_ValuesThatLookLikeSql_AreStoredVerbatim()
    {
        const string JobId = "x'); DROP TABLE jobs; --";
        const string RequestJson = """{"topic":"it's \"quoted\" -- and ; separated"}""";

        await _store.CreateAsync(new JobKey("o'hara", JobId), RequestJson, default);

        var job = await _store.GetAsync(new JobKey("o'hara", JobId), default);
        Assert.Equal(RequestJson, job!.RequestJson);
        Assert.Equal("o'hara", job.OwnerId);
    }

    // ---- GetAsync ----

    [Fact]
    public async Task GetAsync_UnknownId_ReturnsNull()
    {
        Assert.Null(await _store.GetAsync(new JobKey(null, "missing"), default));
    }

    // ---- State transitions ----

    [Fact]
    public async Task MarkRunningAsync_QueuedJob_MovesToRunningAndStampsUpdatedAt()
    {
        await _store.CreateAsync(new JobKey(null, "job-1"), Request(1), default);
        _time.Advance(TimeSpan.FromSeconds(3));

        await _store.MarkRunningAsync(new JobKey(null, "job-1"), default);

        var job = await _store.GetAsync(new JobKey(null, "job-1"), default);
        Assert.Equal(JobState.Running, job!.State);
        Assert.Equal(Start, job.CreatedAt);
        Assert.Equal(Start.AddSeconds(3), job.UpdatedAt);
        Assert.Null(job.ResultJson);
    }

    [Theory]
    [InlineData((int)JobState.Succeeded)]
    [InlineData((int)JobState.Failed)]
    public async Task CompleteAsync_RunningJob_StoresStateAndResultJson(int stateNumber)
    {
        var state = (JobState)stateNumber;
        const string Result = """{"script":"INT. KITCHEN - DAY","scenes":[1,2,3]}""";
        await _store.CreateAsync(new JobKey(null, "job-1"), Request(1), default);
        await _store.MarkRunningAsync(new JobKey(null, "job-1"), default);
        _time.Advance(TimeSpan.FromSeconds(30));

        await _store.CompleteAsync(new JobKey(null, "job-1"), state, Result, default);

        var job = await _store.GetAsync(new JobKey(null, "job-1"), default);
        Assert.Equal(new JobRecord("job-1", null, Request(1), state, Result, Start, Start.AddSeconds(30)), job);
    }

    [Fact]
    public async Task CompleteUtf8Async_RunningJob_StoresTheTextTheBytesEncode()
    {
        const string Result = """{"script":{"text":"Kịch bản \"một\"\n"},"error":null}""";
        await _store.CreateAsync(new JobKey("alice", "job-1"), Request(1), default);
        await _store.MarkRunningAsync(new JobKey("alice", "job-1"), default);

        Assert.True(await _store.CompleteUtf8Async(new JobKey("alice", "job-1"), JobState.Succeeded, System.Text.Encoding.UTF8.GetBytes(Result), default));
        Assert.False(await _store.CompleteUtf8Async(new JobKey("alice", "job-1"), JobState.Failed, System.Text.Encoding.UTF8.GetBytes("{}"), default));

        var job = await _store.GetAsync(new JobKey("alice", "job-1"), default);
        Assert.Equal(JobState.Succeeded, job!.State);
        Assert.Equal(Result, job.ResultJson);

        // Stored as text, as CompleteAsync stores a string: the column is TEXT, and readers of the file expect text.
        await _store.DisposeAsync();
        using var connection = _database.OpenRawConnection();
        Assert.Equal("text", TempDatabase.ExecuteScalar(connection, "SELECT typeof(result_json) FROM jobs WHERE job_id = 'job-1';"));
    }

    [Fact]
    public async Task CompleteAsync_QueuedJob_Completes()
    {
        await _store.CreateAsync(new JobKey(null, "job-1"), Request(1), default);

        await _store.CompleteAsync(new JobKey(null, "job-1"), JobState.Failed, """{"error":"rejected"}""", default);

        Assert.Equal(JobState.Failed, (await _store.GetAsync(new JobKey(null, "job-1"), default))!.State);
    }

    [Fact]
    public async Task CompleteAsync_FinishedJob_KeepsFirstOutcome()
    {
        await _store.CreateAsync(new JobKey(null, "job-1"), Request(1), default);
        await _store.CompleteAsync(new JobKey(null, "job-1"), JobState.Succeeded, """{"n":1}""", default);
        var first = await _store.GetAsync(new JobKey(null, "job-1"), default);
        _time.Advance(TimeSpan.FromSeconds(1));

        await _store.CompleteAsync(new JobKey(null, "job-1"), JobState.Failed, """{"n":2}""", default);

        Assert.Equal(first, await _store.GetAsync(new JobKey(null, "job-1"), default));
    }

    [Fact]
    public async Task MarkRunningAsync_FinishedJob_LeavesItFinished()
    {
        await _store.CreateAsync(new JobKey(null, "job-1"), Request(1), default);
        await _store.CompleteAsync(new JobKey(null, "job-1"), JobState.Succeeded, "{}", default);
        var finished = await _store.GetAsync(new JobKey(null, "job-1"), default);
        _time.Advance(TimeSpan.FromSeconds(1));

        await _store.MarkRunningAsync(new JobKey(null, "job-1"), default);

        Assert.Equal(finished, await _store.GetAsync(new JobKey(null, "job-1"), default));
    }

    [Fact]
    public async Task MarkRunningAsync_RunningJob_StaysRunningWithNewUpdatedAt()
    {
        // After a restart a job left Running is queued again and marked running a second time.
        await _store.CreateAsync(new JobKey(null, "job-1"), Request(1), default);
        await _store.MarkRunningAsync(new JobKey(null, "job-1"), default);
        _time.Advance(TimeSpan.FromMinutes(5));

        await _store.MarkRunningAsync(new JobKey(null, "job-1"), default);

        var job = await _store.GetAsync(new JobKey(null, "job-1"), default);
        Assert.Equal(JobState.Running, job!.State);
        Assert.Equal(Start.AddMinutes(5), job.UpdatedAt);
    }

    [Fact]
    public async Task MarkRunningAsync_UnknownId_ThrowsKeyNotFound()
    {
        await Assert.ThrowsAsync<KeyNotFoundException>(() => _store.MarkRunningAsync(new JobKey(null, "missing"), default));
    }

    [Fact]
    public async Task CompleteAsync_UnknownId_ThrowsKeyNotFound()
    {
        await Assert.ThrowsAsync<KeyNotFoundException>(() => _store.CompleteAsync(new JobKey(null, "missing"), JobState.Succeeded, "{}", default));
    }

    [Theory]
    [InlineData((int)JobState.Queued)]
    [InlineData((int)JobState.Running)]
    public async Task CompleteAsync_UnfinishedState_ThrowsArgumentOutOfRange(int stateNumber)
    {
        var state = (JobState)stateNumber;
        await _store.CreateAsync(new JobKey(null, "job-1"), Request(1), default);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _store.CompleteAsync(new JobKey(null, "job-1"), state, "{}", default));
        Assert.Equal(JobState.Queued, (await _store.GetAsync(new JobKey(null, "job-1"), default))!.State);
    }

    // ---- GetUnfinishedAsync ----

    [Fact]
    public async Task GetUnfinishedAsync_MixedStates_ReturnsQueuedAndRunningOldestFirst()
    {
        await _store.CreateAsync(new JobKey(null, "a"), Request(1), default);
        _time.Advance(TimeSpan.FromSeconds(1));
        await _store.CreateAsync(new JobKey(null, "b"), Request(2), default);
        _time.Advance(TimeSpan.FromSeconds(1));
        await _store.CreateAsync(new JobKey(null, "c"), Request(3), default);
        await _store.CreateAsync(new JobKey(null, "d"), Request(4), default); // the same millisecond as c: acceptance order decides
        _time.Advance(TimeSpan.FromSeconds(1));
        await _store.CreateAsync(new JobKey(null, "e"), Request(5), default);
        _time.Advance(TimeSpan.FromSeconds(1));
        await _store.MarkRunningAsync(new JobKey(null, "c"), default); // updated last, still ordered by acceptance
        await _store.CompleteAsync(new JobKey(null, "b"), JobState.Succeeded, "{}", default);
        await _store.MarkRunningAsync(new JobKey(null, "e"), default);
        await _store.CompleteAsync(new JobKey(null, "e"), JobState.Failed, "{}", default);

        var unfinished = await _store.GetUnfinishedAsync(default);

        Assert.Equal(["a", "c", "d"], unfinished.Select(j => j.JobId));
        Assert.Equal([JobState.Queued, JobState.Running, JobState.Queued], unfinished.Select(j => j.State));
    }

    [Fact]
    public async Task GetUnfinishedAsync_EmptyStore_ReturnsEmpty()
    {
        Assert.Empty(await _store.GetUnfinishedAsync(default));
    }

    // ---- Durability ----

    [Fact]
    public async Task Reopen_NewInstanceOnSameFile_SeesEverything()
    {
        var expected = await WriteOneJobInEachStateAsync(_store);
        await _store.DisposeAsync();

        _store = _database.Open(_time);

        foreach (var job in expected)
        {
            Assert.Equal(job, await _store.GetAsync(job.Key, default));
        }

        Assert.Equal(["queued", "running"], (await _store.GetUnfinishedAsync(default)).Select(j => j.JobId));
        Assert.Equal(JobCreateOutcome.Duplicate, (await _store.CreateAsync(new JobKey("owner", "queued"), Request(0), default)).Outcome);
    }

    [Fact]
    public async Task Reopen_AfterCrashWithoutCheckpoint_RecoversCommittedJobs()
    {
        var expected = await WriteOneJobInEachStateAsync(_store);

        // What a crash leaves: the database file and its WAL, never checkpointed, and no live connection
        // (the -shm index is rebuilt from the WAL by whoever opens next). The running store is idle, so the copy is
        // consistent.
        var crashed = Path.Combine(_database.DirectoryPath, "crashed");
        Directory.CreateDirectory(crashed);
        var crashedPath = Path.Combine(crashed, "jobs.db");
        Assert.True(new FileInfo(_database.DatabasePath + "-wal").Length > 0, "the commits should still be in the WAL");
        File.Copy(_database.DatabasePath, crashedPath);
        File.Copy(_database.DatabasePath + "-wal", crashedPath + "-wal");

        await using var recovered = _database.Open(_time, crashedPath);

        foreach (var job in expected)
        {
            Assert.Equal(job, await recovered.GetAsync(job.Key, default));
        }
    }

    /// <summary>Leaves one job in each state; returns them as stored.</summary>
    private async Task<JobRecord[]> WriteOneJobInEachStateAsync(SqliteJobStore store)
    {
        await store.CreateAsync(new JobKey("owner", "queued"), Request(0), default);
        _time.Advance(TimeSpan.FromSeconds(1));
        await store.CreateAsync(new JobKey(null, "running"), Request(1), default);
        await store.MarkRunningAsync(new JobKey(null, "running"), default);
        _time.Advance(TimeSpan.FromSeconds(1));
        await store.CreateAsync(new JobKey("owner", "succeeded"), Request(2), default);
        await store.CompleteAsync(new JobKey("owner", "succeeded"), JobState.Succeeded, """{"script":"ok"}""", default);
        await store.CreateAsync(new JobKey(null, "failed"), Request(3), default);
        await store.CompleteAsync(new JobKey(null, "failed"), JobState.Failed, """{"error":"boom"}""", default);

        var jobs = new JobRecord[4];
        var i = 0;
        foreach (var key in new JobKey[] { new("owner", "queued"), new(null, "running"), new("owner", "succeeded"), new(null, "failed") })
        {
            jobs[i++] = (await store.GetAsync(key, default))!;
        }

        return jobs;
    }

    // ---- PurgeFinishedAsync ----

    [Fact]
    public async Task PurgeFinishedAsync_Cutoff_RemovesOnlyFinishedJobsUpdatedBeforeIt()
    {
        await _store.CreateAsync(new JobKey(null, "old-succeeded"), Request(1), default);
        await _store.CompleteAsync(new JobKey(null, "old-succeeded"), JobState.Succeeded, "{}", default);
        await _store.CreateAsync(new JobKey(null, "old-failed"), Request(2), default);
        await _store.CompleteAsync(new JobKey(null, "old-failed"), JobState.Failed, "{}", default);
        await _store.CreateAsync(new JobKey(null, "old-queued"), Request(3), default);
        await _store.CreateAsync(new JobKey(null, "old-running"), Request(4), default);
        await _store.MarkRunningAsync(new JobKey(null, "old-running"), default);
        await _store.CreateAsync(new JobKey(null, "finished-later"), Request(5), default); // created before the cutoff, finished at it
        _time.Advance(TimeSpan.FromHours(1));
        await _store.CompleteAsync(new JobKey(null, "finished-later"), JobState.Succeeded, "{}", default);
        _time.Advance(TimeSpan.FromMinutes(1));
        await _store.CreateAsync(new JobKey(null, "new-succeeded"), Request(6), default);
        await _store.CompleteAsync(new JobKey(null, "new-succeeded"), JobState.Succeeded, "{}", default);

        var purged = await _store.PurgeFinishedAsync(Start.AddHours(1), default);

        Assert.Equal(2, purged);
        Assert.Null(await _store.GetAsync(new JobKey(null, "old-succeeded"), default));
        Assert.Null(await _store.GetAsync(new JobKey(null, "old-failed"), default));
        foreach (var kept in new[] { "old-queued", "old-running", "finished-later", "new-succeeded" })
        {
            Assert.NotNull(await _store.GetAsync(new JobKey(null, kept), default));
        }
    }

    [Fact]
    public async Task PurgeFinishedAsync_MoreThanOneBatch_RemovesAll()
    {
        const int Count = (2 * SqliteJobStore.PurgeBatchSize) + 1;
        for (var i = 0; i < Count; i++)
        {
            await _store.CreateAsync(new JobKey(null, $"job-{i}"), Request(i), default);
            await _store.CompleteAsync(new JobKey(null, $"job-{i}"), JobState.Succeeded, "{}", default);
        }

        await _store.CreateAsync(new JobKey(null, "queued"), Request(-1), default);
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(Count, await _store.PurgeFinishedAsync(_time.GetUtcNow(), default));
        Assert.Equal(0, await _store.PurgeFinishedAsync(_time.GetUtcNow(), default));
        Assert.Single(await _store.GetUnfinishedAsync(default));
    }

    // ---- Concurrency ----

    [Fact]
    public async Task CreateAsync_200ConcurrentCalls_AllCreatedAndReadable()
    {
        var calls = Enumerable.Range(0, 200).Select(i => Task.Run(async () =>
        {
            var (outcome, _) = await _store.CreateAsync(new JobKey(null, $"job-{i}"), Request(i), default);

            // Read back on another connection as soon as the write completes.
            var job = await _store.GetAsync(new JobKey(null, $"job-{i}"), default);
            return (outcome, job);
        }));

        var results = await Task.WhenAll(calls);

        Assert.All(results, r => Assert.Equal(JobCreateOutcome.Created, r.outcome));
        Assert.All(results, r => Assert.NotNull(r.job));
        Assert.Equal(200, (await _store.GetUnfinishedAsync(default)).Count);
    }

    [Fact]
    public async Task GetAsync_ConcurrentReadsOfDifferentJobs_EachGetsItsOwnRow()
    {
        // Reads share kept connections and their prepared statements: each read must bind and read its own key.
        for (var i = 0; i < 40; i++)
        {
            var key = new JobKey(i % 2 == 0 ? null : "owner-" + i, $"job-{i}");
            await _store.CreateAsync(key, Request(i), default);
            if (i % 3 == 0)
            {
                await _store.CompleteAsync(key, JobState.Succeeded, $$"""{"n":{{i}}}""", default);
            }
        }

        var reads = Enumerable.Range(0, 400).Select(n => Task.Run(async () =>
        {
            var i = n * 7 % 40;
            var job = await _store.GetAsync(new JobKey(i % 2 == 0 ? null : "owner-" + i, $"job-{i}"), default);
            return (i, job);
        }));

        foreach (var (i, job) in await Task.WhenAll(reads))
        {
            Assert.NotNull(job);
            Assert.Equal($"job-{i}", job.JobId);
            Assert.Equal(i % 2 == 0 ? null : "owner-" + i, job.OwnerId);
            Assert.Equal(Request(i), job.RequestJson);
            Assert.Equal(i % 3 == 0 ? $$"""{"n":{{i}}}""" : null, job.ResultJson);
        }

        Assert.Null(await _store.GetAsync(new JobKey("owner-1", "job-2"), default));
    }

    [Fact]
    public async Task GetAsync_FoundJob_KeptConnectionHoldsBackNoCheckpoint()
    {
        // A kept read connection's statement stopped on the row it found: unless it is reset, it keeps its read
        // snapshot open between reads, and the WAL could never be checkpointed past it (and would grow without end).
        await _store.CreateAsync(new JobKey(null, "job-1"), Request(1), default);
        Assert.NotNull(await _store.GetAsync(new JobKey(null, "job-1"), default));
        await _store.CreateAsync(new JobKey(null, "job-2"), Request(2), default);

        using var connection = _database.OpenRawConnection();
        TempDatabase.ExecuteScalar(connection, "PRAGMA busy_timeout = 0;");
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal(0L, reader.GetInt64(0)); // busy: 0 when no reader held the checkpoint back
        Assert.Equal(0L, reader.GetInt64(1)); // the WAL's frames left: 0 once truncated
    }

    [Fact]
    public async Task CreateAsync_ConcurrentCallsWithOneId_CreatesOnceAndReportsTheRestAsDuplicates()
    {
        var calls = Enumerable.Range(0, 50).Select(_ => Task.Run(() => _store.CreateAsync(new JobKey(null, "job-1"), Request(1), default)));

        var results = await Task.WhenAll(calls);

        Assert.Single(results, r => r.Outcome == JobCreateOutcome.Created);
        Assert.Equal(49, results.Count(r => r.Outcome == JobCreateOutcome.Duplicate));
    }

    [Fact]
    public async Task CreateAsync_TwoStoresOnOneFileConcurrently_AllCreatedWithoutBusyErrors()
    {
        // Two writers in two connections, as two processes sharing the file would be: SQLite's busy timeout makes
        // each wait for the other's lock.
        await using var other = _database.Open(_time);
        var calls = Enumerable.Range(0, 200).Select(i => Task.Run(() =>
            (i % 2 == 0 ? _store : other).CreateAsync(new JobKey(null, $"job-{i}"), Request(i), default)));

        var results = await Task.WhenAll(calls);

        Assert.All(results, r => Assert.Equal(JobCreateOutcome.Created, r.Outcome));
        Assert.Equal(200, (await other.GetUnfinishedAsync(default)).Count);
    }

    // ---- Opening, schema and disposal ----

    [Fact]
    public void Open_NewDatabase_UsesWriteAheadLogging()
    {
        using var connection = _database.OpenRawConnection();

        Assert.Equal("wal", TempDatabase.ExecuteScalar(connection, "PRAGMA journal_mode;"));
    }

    [Fact]
    public void Open_NewDatabase_UsesLargePages()
    {
        // A stored result of several KB fits its row's page instead of spilling into overflow pages, each its own WAL
        // frame and write call per commit.
        using var connection = _database.OpenRawConnection();

        Assert.Equal(16384L, TempDatabase.ExecuteScalar(connection, "PRAGMA page_size;"));
    }

    [Fact]
    public async Task Open_ExistingDatabaseWithSmallPages_KeepsItsPagesAndWorks()
    {
        await _store.DisposeAsync();
        var path = Path.Combine(_database.DirectoryPath, "small-pages.db");
        using (var connection = _database.OpenRawConnection(path))
        {
            // A database created by an earlier version, on SQLite's default pages, already in WAL mode.
            TempDatabase.ExecuteScalar(connection, "PRAGMA page_size = 4096;");
            TempDatabase.ExecuteScalar(connection, "PRAGMA journal_mode = WAL;");
            TempDatabase.ExecuteScalar(connection, JobSql.Migrations[0]);
            TempDatabase.ExecuteScalar(connection, JobSql.Migrations[1]);
            TempDatabase.ExecuteScalar(connection, "INSERT INTO jobs (owner_id, job_id, request_json, state, result_json, created_at, updated_at) VALUES ('', 'old', '{\"n\":1}', 2, '{\"done\":true}', 1000, 2000);");
        }

        _store = _database.Open(_time, path);
        await _store.CreateAsync(new JobKey(null, "job-1"), Request(1), default);

        Assert.Equal("""{"done":true}""", (await _store.GetAsync(new JobKey(null, "old"), default))!.ResultJson);
        Assert.Equal(Request(1), (await _store.GetAsync(new JobKey(null, "job-1"), default))!.RequestJson);
        using (var connection = _database.OpenRawConnection(path))
        {
            Assert.Equal(4096L, TempDatabase.ExecuteScalar(connection, "PRAGMA page_size;"));
        }
    }

    [Fact]
    public void Open_NewDatabase_SetsCurrentSchemaVersion()
    {
        using var connection = _database.OpenRawConnection();

        Assert.Equal((long)JobSql.SchemaVersion, TempDatabase.ExecuteScalar(connection, "PRAGMA user_version;"));
    }

    [Fact]
    public async Task Open_NewerSchemaVersion_Throws()
    {
        await _store.DisposeAsync();
        using (var connection = _database.OpenRawConnection())
        {
            TempDatabase.ExecuteScalar(connection, $"PRAGMA user_version = {JobSql.SchemaVersion + 1};");
        }

        var error = Assert.Throws<InvalidOperationException>(() => _database.Open(_time));

        Assert.Contains("schema version", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_SchemaVersion1_MigratesJobsToIdsPerOwnerKeepingOrderAndContent()
    {
        await _store.DisposeAsync();
        var path = Path.Combine(_database.DirectoryPath, "v1.db");
        using (var connection = _database.OpenRawConnection(path))
        {
            // A database as the first schema left it: owner NULL when authentication was off.
            TempDatabase.ExecuteScalar(connection, JobSql.Migrations[0]);
            TempDatabase.ExecuteScalar(connection, """
                INSERT INTO jobs (job_id, owner_id, request_json, state, result_json, created_at, updated_at) VALUES
                    ('b', NULL, '{"n":1}', 0, NULL, 1000, 1000),
                    ('a', 'user:alice', '{"n":2}', 1, NULL, 1000, 1500),
                    ('c', NULL, '{"n":3}', 2, '{"done":true}', 900, 2000);
                """);
        }

        _store = _database.Open(_time, path);

        Assert.Equal(
            new JobRecord("b", null, """{"n":1}""", JobState.Queued, null, DateTimeOffset.FromUnixTimeMilliseconds(1000), DateTimeOffset.FromUnixTimeMilliseconds(1000)),
            await _store.GetAsync(new JobKey(null, "b"), default));
        Assert.Equal("user:alice", (await _store.GetAsync(new JobKey("user:alice", "a"), default))!.OwnerId);
        Assert.Null(await _store.GetAsync(new JobKey(null, "a"), default));
        Assert.Equal("""{"done":true}""", (await _store.GetAsync(new JobKey(null, "c"), default))!.ResultJson);

        // Same millisecond: acceptance order (rowid) survives the rebuild.
        Assert.Equal(["b", "a"], (await _store.GetUnfinishedAsync(default)).Select(j => j.JobId));
        Assert.Equal(JobCreateOutcome.Created, (await _store.CreateAsync(new JobKey("user:bob", "a"), """{"n":2}""", default)).Outcome);
        using (var connection = _database.OpenRawConnection(path))
        {
            Assert.Equal((long)JobSql.SchemaVersion, TempDatabase.ExecuteScalar(connection, "PRAGMA user_version;"));
        }
    }

    [Fact]
    public async Task Open_MissingDirectory_CreatesIt()
    {
        var path = Path.Combine(_database.DirectoryPath, "nested", "deeper", "jobs.db");

        await using var store = _database.Open(_time, path);
        await store.CreateAsync(new JobKey(null, "job-1"), Request(1), default);

        Assert.True(File.Exists(path));
    }

    [Fact]
    public async Task Open_RelativePath_ResolvesAgainstContentRoot()
    {
        var environment = new HostingEnvironment { ContentRootPath = _database.DirectoryPath };

        await using var store = new SqliteJobStore(
            Options.Create(new JobStoreOptions()), _time, NullLogger<SqliteJobStore>.Instance, environment);

        Assert.Equal(Path.Combine(_database.DirectoryPath, "data", "jobs.db"), store.DatabasePath);
        Assert.True(File.Exists(store.DatabasePath));
    }

    [Theory]
    [InlineData(JobSql.SelectUnfinished, "jobs_unfinished")]
    [InlineData(JobSql.PurgeBatch, "jobs_finished")]
    public void Statements_ScanOnlyTheirPartialIndex(string sql, string index)
    {
        using var connection = _database.OpenRawConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        command.Parameters.AddWithValue("$olderThan", 0L);
        command.Parameters.AddWithValue("$limit", 1);
        var plan = new List<string>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                plan.Add(reader.GetString(3));
            }
        }

        Assert.Contains(plan, step => step.Contains(index, StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.StartsWith("SCAN jobs", StringComparison.Ordinal) && !step.Contains("INDEX", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }

    [Fact]
    public void JobState_Numbers_MatchTheLiteralsInTheStatements()
    {
        // JobSql writes "state < 2" for Queued and Running, and MarkRunning stores 1.
        Assert.Equal(0, (int)JobState.Queued);
        Assert.Equal(1, (int)JobState.Running);
        Assert.Equal(2, (int)JobState.Succeeded);
        Assert.Equal(3, (int)JobState.Failed);
    }

    [Fact]
    public async Task DisposeAsync_AfterWrites_CheckpointsAndRemovesTheWal()
    {
        await _store.CreateAsync(new JobKey(null, "job-1"), Request(1), default);
        await _store.GetAsync(new JobKey(null, "job-1"), default);

        await _store.DisposeAsync();

        Assert.False(File.Exists(_database.DatabasePath + "-wal"));
        using var connection = _database.OpenRawConnection();
        Assert.Equal(1L, TempDatabase.ExecuteScalar(connection, "SELECT COUNT(*) FROM jobs;"));
    }

    [Fact]
    public async Task DisposeAsync_ThenUse_ThrowsObjectDisposed()
    {
        await _store.DisposeAsync();
        await _store.DisposeAsync(); // idempotent

        await Assert.ThrowsAsync<ObjectDisposedException>(() => _store.CreateAsync(new JobKey(null, "job-1"), Request(1), default));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => _store.GetAsync(new JobKey(null, "job-1"), default));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => _store.PurgeFinishedAsync(Start, default));
    }

    [Fact]
    public async Task Dispose_AfterWrites_ClosesLikeDisposeAsync()
    {
        await _store.CreateAsync(new JobKey(null, "job-1"), Request(1), default);

        _store.Dispose();
        await _store.DisposeAsync();

        Assert.False(File.Exists(_database.DatabasePath + "-wal"));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => _store.MarkRunningAsync(new JobKey(null, "job-1"), default));
    }
}
