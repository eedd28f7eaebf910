using ScriptService.Jobs;
using ScriptService.Jobs.Redis;
using StackExchange.Redis;

namespace ScriptService.Tests.Jobs.Redis;

/// <summary>The Redis mode's job store on a real Redis: atomic creates, one completion, the retention TTL.</summary>
public sealed class RedisJobStoreTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    private const string Request = """{"topic":"a"}""";

    [Fact]
    public async Task Create_SameJobFromManyNodesAtOnce_OneCreatedTheRestDuplicatesAndOneQueueEntry()
    {
        var prefix = redis.NewKey();
        var nodes = new List<RedisNode>();
        try
        {
            for (var i = 0; i < 4; i++)
            {
                nodes.Add(await RedisNode.StartAsync(redis.Server.Configuration, prefix));
            }

            var key = new JobKey(null, "job_concurrent");
            var creates = Enumerable.Range(0, 40).Select(i => Task.Run(() => nodes[i % nodes.Count].Store.CreateAsync(key, Request, CancellationToken.None)));
            var outcomes = await Task.WhenAll(creates).DefaultTimeout();

            Assert.Single(outcomes, o => o.Outcome == JobCreateOutcome.Created);
            Assert.Equal(39, outcomes.Count(o => o.Outcome == JobCreateOutcome.Duplicate));
            await using var raw = await ConnectionMultiplexer.ConnectAsync(redis.Server.Configuration);
            Assert.Equal(1, await raw.GetDatabase().StreamLengthAsync(new RedisKeys(prefix).Queue));
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Create_SameIdDifferentRequestsAtOnce_OneWinsAndEveryOtherAnswerComparesWithTheWinner()
    {
        var prefix = redis.NewKey();
        await using var a = await RedisNode.StartAsync(redis.Server.Configuration, prefix);
        await using var b = await RedisNode.StartAsync(redis.Server.Configuration, prefix);
        var key = new JobKey("user-1", "job_conflict");
        var creates = Enumerable.Range(0, 20).Select(i => Task.Run(() => (i % 2 == 0 ? a : b).Store.CreateAsync(key, $$"""{"topic":"{{i % 2}}"}""", CancellationToken.None)));
        var outcomes = await Task.WhenAll(creates).DefaultTimeout();

        var created = Assert.Single(outcomes, o => o.Outcome == JobCreateOutcome.Created);
        Assert.All(outcomes.Where(o => o.Outcome != JobCreateOutcome.Created), o =>
        {
            Assert.Equal(created.Job.RequestJson, o.Job.RequestJson);
            Assert.Equal(JobState.Queued, o.Job.State);
        });
        Assert.Equal(9, outcomes.Count(o => o.Outcome == JobCreateOutcome.Duplicate));
        Assert.Equal(10, outcomes.Count(o => o.Outcome == JobCreateOutcome.Conflict));

        // Another owner's job of the same id is another job.
        var other = await b.Store.CreateAsync(new JobKey("user-2", "job_conflict"), Request, CancellationToken.None);
        Assert.Equal(JobCreateOutcome.Created, other.Outcome);
        Assert.Null(await a.Store.GetAsync(new JobKey(null, "job_conflict"), CancellationToken.None));
    }

    [Fact]
    public async Task Get_OnAnotherNode_ReadsTheJobAsStored()
    {
        var prefix = redis.NewKey();
        await using var a = await RedisNode.StartAsync(redis.Server.Configuration, prefix);
        await using var b = await RedisNode.StartAsync(redis.Server.Configuration, prefix);
        var key = new JobKey(null, "job_get");
        var (_, created) = await a.Store.CreateAsync(key, Request, CancellationToken.None);

        var read = await b.Store.GetAsync(key, CancellationToken.None);
        Assert.NotNull(read);
        Assert.Equal(Request, read.RequestJson);
        Assert.Equal(JobState.Queued, read.State);
        Assert.Null(read.ResultJson);
        Assert.Equal(created.CreatedAt.ToUnixTimeMilliseconds(), read.CreatedAt.ToUnixTimeMilliseconds());

        await b.Store.MarkRunningAsync(key, CancellationToken.None);
        Assert.Equal(JobState.Running, (await a.Store.GetAsync(key, CancellationToken.None))!.State);
        Assert.Null(await a.Store.GetAsync(new JobKey(null, "job_never"), CancellationToken.None));
    }

    [Fact]
    public async Task Complete_Twice_FirstStoresAndTakesTheEntryOffTheQueueSecondChangesNothing()
    {
        var prefix = redis.NewKey();
        var retention = TimeSpan.FromMinutes(10);
        await using var a = await RedisNode.StartAsync(redis.Server.Configuration, prefix, retention: retention);
        await using var b = await RedisNode.StartAsync(redis.Server.Configuration, prefix, retention: retention);
        var key = new JobKey(null, "job_twice");
        await a.Store.CreateAsync(key, Request, CancellationToken.None);
        var lease = await a.Queue.TakeAsync(CancellationToken.None).DefaultTimeout();
        Assert.Equal(key, lease.Key);

        using var duplicates = new MetricRecorder(b.MeterFactory, ScriptService.Diagnostics.ServiceMetrics.MeterName, "scriptservice.redis.jobs.duplicate_completions");
        Assert.True(await a.Store.CompleteAsync(key, JobState.Succeeded, """{"first":true}""", default));
        Assert.False(await b.Store.CompleteAsync(key, JobState.Failed, """{"first":false}""", default));
        Assert.Equal(1, duplicates.Sum);

        // The same completion tried again (its answer lost to a timeout) is still this call's: it stored that result.
        Assert.True(await a.Store.CompleteAsync(key, JobState.Succeeded, """{"first":true}""", default));

        var job = await b.Store.GetAsync(key, CancellationToken.None);
        Assert.Equal(JobState.Succeeded, job!.State);
        Assert.Equal("""{"first":true}""", job.ResultJson);

        // Acknowledged and deleted with the outcome: nothing pending, nothing queued; and the TTL is the retention.
        await using var raw = await ConnectionMultiplexer.ConnectAsync(redis.Server.Configuration);
        var database = raw.GetDatabase();
        var keys = new RedisKeys(prefix);
        Assert.Equal(0, (await database.StreamPendingAsync(keys.Queue, RedisKeys.Group)).PendingMessageCount);
        Assert.Equal(0, await database.StreamLengthAsync(keys.Queue));
        var ttl = await database.KeyTimeToLiveAsync(keys.Job(key));
        Assert.True(ttl is { } t && t > TimeSpan.Zero && t <= retention, $"TTL {ttl}");

        // A completion that comes later still does not move it back, nor queue it again.
        await b.Store.MarkRunningAsync(key, CancellationToken.None);
        Assert.Equal(JobState.Succeeded, (await a.Store.GetAsync(key, CancellationToken.None))!.State);
    }

    [Fact]
    public async Task Create_UnfinishedJob_HasNoTtl()
    {
        var prefix = redis.NewKey();
        await using var a = await RedisNode.StartAsync(redis.Server.Configuration, prefix, retention: TimeSpan.FromSeconds(1));
        var key = new JobKey(null, "job_no_ttl");
        await a.Store.CreateAsync(key, Request, CancellationToken.None);
        await a.Store.MarkRunningAsync(key, CancellationToken.None);
        await using var raw = await ConnectionMultiplexer.ConnectAsync(redis.Server.Configuration);
        Assert.Null(await raw.GetDatabase().KeyTimeToLiveAsync(new RedisKeys(prefix).Job(key)));
    }

    [Fact]
    public async Task TryReserve_QueueAtCapacityAcrossNodes_RefusedUntilAWorkerTakesAJob()
    {
        var prefix = redis.NewKey();
        await using var a = await RedisNode.StartAsync(redis.Server.Configuration, prefix, queueCapacity: 2);
        await using var b = await RedisNode.StartAsync(redis.Server.Configuration, prefix, queueCapacity: 2);
        Assert.True(await a.Queue.TryReserveAsync(CancellationToken.None));
        await a.Store.CreateAsync(new JobKey(null, "job_1"), Request, CancellationToken.None);
        Assert.True(await b.Queue.TryReserveAsync(CancellationToken.None));
        await b.Store.CreateAsync(new JobKey(null, "job_2"), Request, CancellationToken.None);

        // Two wait, posted to two nodes: the queue is full for both.
        Assert.False(await a.Queue.TryReserveAsync(CancellationToken.None));
        Assert.False(await b.Queue.TryReserveAsync(CancellationToken.None));
        Assert.Equal(2, b.Queue.Depth);

        // A job a worker took no longer waits: there is room again.
        await a.Queue.TakeAsync(CancellationToken.None).DefaultTimeout();
        Assert.True(await b.Queue.TryReserveAsync(CancellationToken.None));
        Assert.Equal(1, b.Queue.Depth);
    }
}
