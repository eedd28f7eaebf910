using System.Net;
using ScriptService.Tests.Service.Infrastructure;
using StackExchange.Redis;

namespace ScriptService.Tests.Service.Redis;

/// <summary>
/// The Socket.IO adapter's subscription of a node is cut and stays away while another node finishes a job for a socket
/// on it: the result published meanwhile is lost in Redis's pub/sub, the node reports itself not ready, and once its
/// subscription is back the result reaches the socket anyway, exactly once, replayed from the store.
/// </summary>
public sealed class AdapterOutageTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    [Fact]
    public async Task SubscriptionLost_WhileAnotherNodePublishesTheResult_SocketGetsItOnceAfterReconnection()
    {
        var prefix = redis.NewKey();
        await using var admin = await ConnectionMultiplexer.ConnectAsync(redis.Server.Configuration + ",allowAdmin=true");
        var db = admin.GetDatabase();

        // Node A connects as a Redis user of its own, so that its connections alone can be cut and kept away. The
        // default user gets a password (B's), or a connection whose AUTH fails would go on as the default user. The
        // connections made so far (the admin's) stay authenticated; the fixture's Redis is this class's own.
        var user = "node-a-" + prefix;
        const string password = "node-a-password";
        const string defaultPassword = "node-b-password";
        await db.ExecuteAsync("ACL", "SETUSER", user, "on", ">" + password, "~*", "&*", "+@all");
        await db.ExecuteAsync("ACL", "SETUSER", "default", "resetpass", ">" + defaultPassword);
        try
        {
            await using var llm = await HeldLlm.StartAsync();
            var settingsA = RedisNodes.HeldSettings(redis.Server, prefix, llm);
            settingsA["ScriptService:Redis:Configuration"] = redis.Server.Configuration + ",user=" + user + ",password=" + password;
            await using var a = await ServiceHost.StartAsync(settingsA);

            // A's one worker is kept busy by a held job, so that the job under test can only run on B.
            await a.PostAcceptedAsync(Scripts.Body(Scripts.NewJobId("blocker"), "Held on A"));
            await llm.NextRequestAsync();
            var settingsB = RedisNodes.Settings(redis.Server, prefix);
            settingsB["ScriptService:Redis:Configuration"] = redis.Server.Configuration + ",password=" + defaultPassword;
            await using var b = await ServiceHost.StartAsync(settingsB);
            await using var node = NodeDriver.Start(a.Url, () => a.Describe() + Environment.NewLine + b.Describe());
            await node.ConnectAsync("onA");
            var jobId = Scripts.NewJobId("outage");
            Expect.AckSuccess(await node.RegisterAsync("onA", jobId), jobId);
            using (var ready = await a.Http.GetAsync("/readyz"))
            {
                Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            }

            // What B publishes for the other nodes, seen from outside.
            var published = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var channel = await admin.GetSubscriber().SubscribeAsync(RedisChannel.Literal(prefix + "-request#/#"));
            channel.OnMessage(message =>
            {
                var text = (string?)message.Message ?? "";
                if (text.Contains(jobId, StringComparison.Ordinal) && text.Contains("scriptservice:job-completed", StringComparison.Ordinal))
                {
                    published.TrySetResult();
                }
            });

            // A's subscriptions are cut, and cannot come back while its user is off; its commands go on (the store).
            await db.ExecuteAsync("ACL", "SETUSER", user, "off");
            var killed = (long)await db.ExecuteAsync("CLIENT", "KILL", "USER", user, "TYPE", "pubsub");
            Assert.True(killed >= 1, $"CLIENT KILL found {killed} subscription connections of {user}.");
            await a.Logs.WaitForAsync(e => e.Category == "SocketIo.Redis" && e.EventId.Name == "ConnectionFailed", "the adapter's connection failure");
            using (var ready = await a.Http.GetAsync("/readyz"))
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
                Assert.Equal("cluster messaging unavailable", await ready.Content.ReadAsStringAsync());
            }

            // B runs the job and publishes its result while A cannot hear it.
            await b.PostAcceptedAsync(Scripts.Body(jobId, "Posted during the outage"));
            await published.Task.DefaultTimeout();
            await b.Logs.WaitForAsync(e => e.EventId.Name == "JobFinished" && e.Message.Contains(jobId, StringComparison.Ordinal));
            Assert.Equal(0, node.ResultCount("onA", jobId));

            // A's subscriptions come back: the result it missed arrives, once, without the socket doing anything.
            await db.ExecuteAsync("ACL", "SETUSER", user, "on");
            Expect.Succeeded(await node.ResultAsync("onA", jobId), jobId, "Posted during the outage");
            await a.Logs.WaitForAsync("Reconciled");
            using (var ready = await a.Http.GetAsync("/readyz"))
            {
                Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            }

            await DeliveryTests.AssertFinalCountAsync(b, node, "onA", jobId, expected: 1);
            llm.Release();
            await channel.UnsubscribeAsync();
        }
        finally
        {
            await db.ExecuteAsync("ACL", "SETUSER", "default", "nopass");
            await db.ExecuteAsync("ACL", "DELUSER", user);
        }
    }
}
