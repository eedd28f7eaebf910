using ScriptService.Diagnostics;
using ScriptService.Jobs;
using ScriptService.Jobs.Redis;
using StackExchange.Redis;

namespace ScriptService.Tests.Jobs.Redis;

/// <summary>
/// The shared queue on a real Redis: nodes share the work, a job of a node that stopped is taken over after
/// StaleJobAfter (never before, while its node renews it), a node that stops cleanly hands its jobs back at once, and
/// the queue recovers when Redis loses it.
/// </summary>
public sealed class RedisJobQueueTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    private const string Request = """{"topic":"a"}""";

    [Fact]
    public async Task Take_TwoNodes_EachJobGoesToOneNodeAndBothTakeWork()
    {
        var prefix = redis.NewKey();
        await using var a = await RedisNode.StartAsync(redis.Server.Configuration, prefix);
        await using var b = await RedisNode.StartAsync(redis.Server.Configuration, prefix);
        var jobs = Enumerable.Range(0, 10).Select(i => new JobKey(null, "job_" + i)).ToArray();
        foreach (var job in jobs)
        {
            await a.Store.CreateAsync(job, Request, CancellationToken.None);
        }

        // Each node's worker takes a job while holding the one before: neither gets a job twice, and both get some.
        var taken = new List<(RedisNode Node, RedisJobLease Lease)>();
        for (var i = 0; i < jobs.Length; i++)
        {
            var node = i % 2 == 0 ? a : b;
            taken.Add((node, await node.Queue.TakeAsync(CancellationToken.None).DefaultTimeout()));
        }

        Assert.Equal(jobs.Select(k => k.JobId).Order(), taken.Select(t => t.Lease.Key.JobId).Order());
        Assert.Equal(5, a.Queue.Held);
        Assert.Equal(5, b.Queue.Held);
        Assert.All(taken, t => Assert.False(t.Lease.TakenOver));

        foreach (var (node, lease) in taken)
        {
            Assert.True(await node.Store.CompleteAsync(lease.Key, JobState.Succeeded, "{}", default));
            await node.Queue.DoneAsync(lease);
        }

        await using var raw = await ConnectionMultiplexer.ConnectAsync(redis.Server.Configuration);
        Assert.Equal(0, await raw.GetDatabase().StreamLengthAsync(new RedisKeys(prefix).Queue));
    }

    [Fact]
    public async Task Take_IdleWorkerOnAnotherNode_WakesForANewJobWithoutWaitingForItsPoll()
    {
        var prefix = redis.NewKey();
        await using var a = await RedisNode.StartAsync(redis.Server.Configuration, prefix);
        await using var b = await RedisNode.StartAsync(redis.Server.Configuration, prefix);
        var waiting = b.Queue.TakeAsync(CancellationToken.None);
        var key = new JobKey(null, "job_wake");
        await a.Store.CreateAsync(key, Request, CancellationToken.None);
        await a.Queue.NotifyQueuedAsync();
        Assert.Equal(key, (await waiting.DefaultTimeout()).Key);
    }

    [Fact]
    public async Task Take_EntryOfADeadNode_TakenOverAfterStaleJobAfter()
    {
        var prefix = redis.NewKey();
        var keys = new RedisKeys(prefix);
        var stale = TimeSpan.FromMilliseconds(900);
        await using var a = await RedisNode.StartAsync(redis.Server.Configuration, prefix, staleJobAfter: stale);
        var running = new JobKey(null, "job_running");
        var readOnly = new JobKey(null, "job_read_not_started");
        var unread = new JobKey(null, "job_unread");
        foreach (var job in new[] { running, readOnly, unread })
        {
            await a.Store.CreateAsync(job, Request, CancellationToken.None);
        }

        // A node that read two jobs, marked one running, and died: its consumer holds them and renews nothing.
        await using var raw = await ConnectionMultiplexer.ConnectAsync(redis.Server.Configuration);
        var database = raw.GetDatabase();
        await database.StreamCreateConsumerGroupAsync(keys.Queue, RedisKeys.Group, StreamPosition.Beginning);
        var read = await database.StreamReadGroupAsync(keys.Queue, RedisKeys.Group, "dead-node", StreamPosition.NewMessages, count: 2);
        Assert.Equal(2, read.Length);
        await a.Store.MarkRunningAsync(running, CancellationToken.None);
        var deadAt = DateTime.UtcNow;

        // The live node takes the unread one at once, then the two dead ones once they are stale, each once.
        var first = await a.Queue.TakeAsync(CancellationToken.None).DefaultTimeout();
        Assert.Equal(unread, first.Key);
        Assert.False(first.TakenOver);
        var second = await a.Queue.TakeAsync(CancellationToken.None).DefaultTimeout();
        var third = await a.Queue.TakeAsync(CancellationToken.None).DefaultTimeout();
        Assert.True(DateTime.UtcNow - deadAt >= stale - TimeSpan.FromMilliseconds(50), "taken over before it was stale");
        Assert.True(second.TakenOver && third.TakenOver);
        Assert.Equal(new[] { running.JobId, readOnly.JobId }.Order(), new[] { second.Key.JobId, third.Key.JobId }.Order());

        var pending = await database.StreamPendingMessagesAsync(keys.Queue, RedisKeys.Group, 10, RedisValue.Null);
        Assert.All(pending, p => Assert.Equal(a.Queue.ConsumerName, p.ConsumerName.ToString()));
    }

    [Fact]
    public async Task Take_JobOfALiveNode_NotTakenOverWhileItsNodeRenewsIt()
    {
        var prefix = redis.NewKey();
        var stale = TimeSpan.FromMilliseconds(600);
        await using var a = await RedisNode.StartAsync(redis.Server.Configuration, prefix, staleJobAfter: stale);
        await using var b = await RedisNode.StartAsync(redis.Server.Configuration, prefix, staleJobAfter: stale);
        var held = new JobKey(null, "job_held");
        await a.Store.CreateAsync(held, Request, CancellationToken.None);
        Assert.Equal(held, (await a.Queue.TakeAsync(CancellationToken.None).DefaultTimeout()).Key);

        // Longer than StaleJobAfter goes by (A's heartbeat comes every third of it) while A runs the job.
        var beats = 0;
        var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        a.Queue.AfterHeartbeat = () =>
        {
            if (Interlocked.Increment(ref beats) == 6)
            {
                enough.TrySetResult();
            }
        };
        await enough.Task.DefaultTimeout();

        // B looks for stale jobs before it reads new ones: it finds none, and takes the job posted after.
        var later = new JobKey(null, "job_later");
        await b.Store.CreateAsync(later, Request, CancellationToken.None);
        var taken = await b.Queue.TakeAsync(CancellationToken.None).DefaultTimeout();
        Assert.Equal(later, taken.Key);
        Assert.Equal(1, a.Queue.Held);
    }

    [Fact]
    public async Task Dispose_NodeWithUnfinishedJob_HandsItBackForAnotherNodeAtOnce()
    {
        var prefix = redis.NewKey();
        // A long StaleJobAfter: only the hand-back can explain a takeover within the test.
        var stale = TimeSpan.FromMinutes(10);
        await using var b = await RedisNode.StartAsync(redis.Server.Configuration, prefix, staleJobAfter: stale);
        var key = new JobKey(null, "job_handed_back");
        var a = await RedisNode.StartAsync(redis.Server.Configuration, prefix, staleJobAfter: stale);
        try
        {
            await a.Store.CreateAsync(key, Request, CancellationToken.None);
            Assert.Equal(key, (await a.Queue.TakeAsync(CancellationToken.None).DefaultTimeout()).Key);
        }
        finally
        {
            await a.DisposeAsync();
        }

        var lease = await b.Queue.TakeAsync(CancellationToken.None).DefaultTimeout();
        Assert.Equal(key, lease.Key);
        Assert.True(lease.TakenOver);
    }

    [Fact]
    public async Task Complete_ByTheNodeThatLostTheJob_OneOutcomeAndTheRenewalLetsGo()
    {
        var prefix = redis.NewKey();
        var stale = TimeSpan.FromMilliseconds(600);
        await using var a = await RedisNode.StartAsync(redis.Server.Configuration, prefix, staleJobAfter: stale);
        await using var b = await RedisNode.StartAsync(redis.Server.Configuration, prefix, staleJobAfter: stale);
        var key = new JobKey(null, "job_slow_node");
        await a.Store.CreateAsync(key, Request, CancellationToken.None);

        // A reads it as a raw consumer that then freezes; B takes it over; A comes back and finishes first.
        await using var raw = await ConnectionMultiplexer.ConnectAsync(redis.Server.Configuration);
        var keys = new RedisKeys(prefix);
        await raw.GetDatabase().StreamCreateConsumerGroupAsync(keys.Queue, RedisKeys.Group, StreamPosition.Beginning);
        Assert.Single(await raw.GetDatabase().StreamReadGroupAsync(keys.Queue, RedisKeys.Group, "frozen", StreamPosition.NewMessages, count: 1));
        var lease = await b.Queue.TakeAsync(CancellationToken.None).DefaultTimeout();
        Assert.True(lease.TakenOver);

        Assert.True(await a.Store.CompleteAsync(key, JobState.Succeeded, """{"by":"frozen"}""", default));
        Assert.False(await b.Store.CompleteAsync(key, JobState.Succeeded, """{"by":"b"}""", default));
        Assert.Equal("""{"by":"frozen"}""", (await b.Store.GetAsync(key, CancellationToken.None))!.ResultJson);

        // B's next renewal finds the entry gone, and stops holding it.
        await b.Queue.RenewAsync();
        Assert.Equal(0, b.Queue.Held);
    }

    [Fact]
    public async Task Renew_BetweenTheStoresCompletionAndTheLeasesCompletion_NoClaimLost()
    {
        var prefix = redis.NewKey();
        await using var a = await RedisNode.StartAsync(redis.Server.Configuration, prefix);
        using var lost = new MetricRecorder(a.MeterFactory, ServiceMetrics.MeterName, "scriptservice.redis.jobs.lost_claims");
        var key = new JobKey(null, "job_finished_here");
        await a.Store.CreateAsync(key, Request, CancellationToken.None);
        var lease = await a.Queue.TakeAsync(CancellationToken.None).DefaultTimeout();

        // The worker's outcome is stored (which takes the entry off the queue), a heartbeat comes, then the worker
        // completes its lease: this node finished the job, no other node took it.
        Assert.True(await a.Store.CompleteAsync(key, JobState.Succeeded, "{}", default));
        await a.Queue.RenewAsync();
        await a.Queue.CompleteAsync(new JobLease(lease.Key, lease.EntryId), CancellationToken.None);
        Assert.Empty(lost.Measurements);
        Assert.Equal(0, a.Queue.Held);

        // Whereas an entry another consumer holds now is a claim lost.
        var other = new JobKey(null, "job_taken_from_here");
        await a.Store.CreateAsync(other, Request, CancellationToken.None);
        var taken = await a.Queue.TakeAsync(CancellationToken.None).DefaultTimeout();
        await using var raw = await ConnectionMultiplexer.ConnectAsync(redis.Server.Configuration);
        await raw.GetDatabase().StreamClaimIdsOnlyAsync(new RedisKeys(prefix).Queue, RedisKeys.Group, "other-node", 0, [taken.EntryId]);
        await a.Queue.RenewAsync();
        Assert.Equal(1, lost.Sum);
        Assert.Equal(0, a.Queue.Held);
    }

    [Fact]
    public async Task Renew_QueueLostByRedisWhileANodeHoldsAJob_TheNodeLetsGoOfIt()
    {
        var prefix = redis.NewKey();
        await using var a = await RedisNode.StartAsync(redis.Server.Configuration, prefix);
        await a.Store.CreateAsync(new JobKey(null, "job_held"), Request, CancellationToken.None);
        await a.Queue.TakeAsync(CancellationToken.None).DefaultTimeout();
        await using var raw = await ConnectionMultiplexer.ConnectAsync(redis.Server.Configuration);
        await raw.GetDatabase().KeyDeleteAsync(new RedisKeys(prefix).Queue);

        // No group to renew in: the entry is gone, not a failure of every heartbeat from now on.
        await a.Queue.RenewAsync();
        Assert.Equal(0, a.Queue.Held);
    }

    [Fact]
    public async Task Take_QueueLostByRedis_GroupCreatedAgainAndNewJobsFlow()
    {
        var prefix = redis.NewKey();
        await using var a = await RedisNode.StartAsync(redis.Server.Configuration, prefix);
        var first = new JobKey(null, "job_before");
        await a.Store.CreateAsync(first, Request, CancellationToken.None);
        Assert.Equal(first, (await a.Queue.TakeAsync(CancellationToken.None).DefaultTimeout()).Key);

        // The stream and its group are gone (a Redis restarted without its data, a FLUSHALL).
        await using var raw = await ConnectionMultiplexer.ConnectAsync(redis.Server.Configuration);
        await raw.GetDatabase().KeyDeleteAsync(new RedisKeys(prefix).Queue);

        var second = new JobKey(null, "job_after");
        await a.Store.CreateAsync(second, Request, CancellationToken.None);
        Assert.Equal(second, (await a.Queue.TakeAsync(CancellationToken.None).DefaultTimeout()).Key);
    }
}
