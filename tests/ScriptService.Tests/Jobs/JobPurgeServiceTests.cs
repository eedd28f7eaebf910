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
public sealed class JobPurgeServiceTests : IAsyncLifetime, IDisposable
{
    private static readonly DateTimeOffset Start = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Retention = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(10);

    private readonly TempDatabase _database = new();
    private readonly FakeTimeProvider _time = new(Start);
    private readonly SqliteJobStore _store;
    private readonly RecordingJobStore _recording;
    private readonly JobPurgeService _service;

    public JobPurgeServiceTests()
    {
        _store = _database.Open(_time);
        _recording = new RecordingJobStore(_store);
        _service = new JobPurgeService(
            _recording,
            Options.Create(new JobStoreOptions { ResultRetention = Retention, PurgeInterval = Interval }),
            _time,
            NullLogger<JobPurgeService>.Instance);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _service.StopAsync(default);
        _service.Dispose();
        await _store.DisposeAsync();
    }

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task StartAsync_Always_PurgesOnceWithRetentionCutoff()
    {
        await _service.StartAsync(default);

        Assert.Equal(new RecordingJobStore.PurgeCall(Start - Retention, 0), await _recording.NextPurgeAsync());
    }

    [Fact]
    public async Task ExecuteAsync_TimerTicks_PurgesFinishedJobsPastRetention()
    {
        await _store.CreateAsync(new JobKey(null, "finished"), "{}", default);
        await _store.CompleteAsync(new JobKey(null, "finished"), JobState.Succeeded, "{}", default);
        await _store.CreateAsync(new JobKey(null, "queued"), "{}", default);
        await _service.StartAsync(default);
        Assert.Equal(new RecordingJobStore.PurgeCall(Start - Retention, 0), await _recording.NextPurgeAsync());

        _time.Advance(Interval - TimeSpan.FromSeconds(1));
        _time.Advance(TimeSpan.FromSeconds(1));

        // Had it purged a second early, this would be that purge, with a cutoff a second earlier.
        Assert.Equal(new RecordingJobStore.PurgeCall(Start + Interval - Retention, 1), await _recording.NextPurgeAsync());
        Assert.Null(await _store.GetAsync(new JobKey(null, "finished"), default));
        Assert.NotNull(await _store.GetAsync(new JobKey(null, "queued"), default));

        _time.Advance(Interval);

        Assert.Equal(new RecordingJobStore.PurgeCall(Start + (2 * Interval) - Retention, 0), await _recording.NextPurgeAsync());
    }

    [Fact]
    public async Task ExecuteAsync_PurgeFails_KeepsRunningAndPurgesAtNextTick()
    {
        _recording.FailNextPurges(1);
        await _store.CreateAsync(new JobKey(null, "finished"), "{}", default);
        await _store.CompleteAsync(new JobKey(null, "finished"), JobState.Failed, "{}", default);
        _time.Advance(Retention + TimeSpan.FromSeconds(1));
        await _service.StartAsync(default);
        Assert.Null((await _recording.NextPurgeAsync()).Purged);

        _time.Advance(Interval);

        Assert.Equal(1, (await _recording.NextPurgeAsync()).Purged);
        Assert.False(_service.ExecuteTask!.IsCompleted);
    }

    [Fact]
    public async Task StopAsync_WhileWaitingForTick_EndsWithoutFault()
    {
        await _service.StartAsync(default);
        await _recording.NextPurgeAsync();

        await _service.StopAsync(default);

        Assert.True(_service.ExecuteTask!.IsCompletedSuccessfully);
        Assert.False(_recording.HasUnreadPurge);
    }
}
