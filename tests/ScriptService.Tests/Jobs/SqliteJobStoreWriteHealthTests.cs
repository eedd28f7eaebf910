using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using ScriptService.Jobs;
using ScriptService.Tests.Service.Infrastructure;

namespace ScriptService.Tests.Jobs;

/// <summary>
/// <see cref="IJobStore.CanWriteAsync"/>: the store says whether it can write as its writes found it, and probes with a
/// write of its own once that is stale; on a real full disk, then once it has room again.
/// </summary>
public sealed class SqliteJobStoreWriteHealthTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);

    private readonly TempDatabase _database = new();
    private readonly FakeTimeProvider _time = new(Start);

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task CanWriteAsync_NoWriteYet_ProbesWithAWriteThatChangesNothing()
    {
        await using var store = _database.Open(_time);
        using var connection = _database.OpenRawConnection();
        var version = TempDatabase.ExecuteScalar(connection, "PRAGMA user_version;");
        var dataVersion = TempDatabase.ExecuteScalar(connection, "PRAGMA data_version;");

        Assert.True(await store.CanWriteAsync(MaxAge, default));

        // The probe committed (another connection sees a change) and left the schema and the jobs as they were.
        Assert.NotEqual(dataVersion, TempDatabase.ExecuteScalar(connection, "PRAGMA data_version;"));
        Assert.Equal(version, TempDatabase.ExecuteScalar(connection, "PRAGMA user_version;"));
        Assert.Equal(0L, TempDatabase.ExecuteScalar(connection, "SELECT count(*) FROM jobs;"));
    }

    [Fact]
    public async Task CanWriteAsync_FreshSuccessfulWrite_AnswersWithoutWriting()
    {
        await using var store = _database.Open(_time);
        await store.CreateAsync(new JobKey(null, "job-1"), "{}", default);
        using var connection = _database.OpenRawConnection();
        var dataVersion = TempDatabase.ExecuteScalar(connection, "PRAGMA data_version;");

        Assert.True(await store.CanWriteAsync(MaxAge, default));

        Assert.Equal(dataVersion, TempDatabase.ExecuteScalar(connection, "PRAGMA data_version;"));
    }

    [SkippableFact]
    public async Task DiskFull_WritesFailWholeAndCanWriteIsFalse_UntilTheDiskHasRoomAgain()
    {
        using var disk = SmallDisk.MountOrSkip(4L << 20);
        var path = Path.Combine(disk.Path, "jobs.db");
        await using var store = _database.Open(_time, path);
        var (_, first) = await store.CreateAsync(new JobKey(null, "job-1"), "{\"n\":1}", default);

        disk.Fill();

        var error = await Assert.ThrowsAsync<SqliteException>(() => store.CreateAsync(new JobKey(null, "job-2"), "{\"n\":2}", default));
        Assert.Equal(13, error.SqliteErrorCode); // SQLITE_FULL
        await Assert.ThrowsAsync<SqliteException>(() => store.MarkRunningAsync(new JobKey(null, "job-1"), default));

        // The failure is fresh: no probe. Once stale, the probe fails too.
        Assert.False(await store.CanWriteAsync(TimeSpan.FromHours(1), default));
        _time.Advance(MaxAge * 2);
        Assert.False(await store.CanWriteAsync(MaxAge, default));

        // Nothing half-written; reads go on.
        Assert.Equal(first, await store.GetAsync(new JobKey(null, "job-1"), default));
        Assert.Null(await store.GetAsync(new JobKey(null, "job-2"), default));

        disk.Free();

        // Still the fresh failure until it is stale; then the probe finds that writes work.
        Assert.False(await store.CanWriteAsync(MaxAge, default));
        _time.Advance(MaxAge * 2);
        Assert.True(await store.CanWriteAsync(MaxAge, default));

        // The same connection writes again.
        Assert.Equal(JobCreateOutcome.Created, (await store.CreateAsync(new JobKey(null, "job-2"), "{\"n\":2}", default)).Outcome);
        await store.MarkRunningAsync(new JobKey(null, "job-1"), default);
        Assert.Equal(JobState.Running, (await store.GetAsync(new JobKey(null, "job-1"), default))!.State);
    }
}
