using ScriptService.Tests.Service.Infrastructure;

namespace ScriptService.Tests.Service;

/// <summary>
/// Test 2: who gets a job's scriptResult, and how often. The hosts run one worker, so jobs finish in the order they
/// were posted: once a socket has the result of a "sentinel" job posted last, every result before it has been sent,
/// and a count taken then is final.
/// </summary>
public sealed class DeliveryTests
{
    [Fact]
    public async Task Register_AfterJobFinished_ReplaysTheResultRightAfterTheAck()
    {
        await using var host = await ServiceHost.StartAsync();
        await using var node = NodeDriver.Start(host);
        var jobId = Scripts.NewJobId();

        // A control socket sees the job finish.
        await node.ConnectAsync("control");
        Expect.AckSuccess(await node.RegisterAsync("control", jobId), jobId);
        await host.PostAcceptedAsync(Scripts.Body(jobId, "Late topic"));
        var delivered = await node.ResultAsync("control", jobId);

        await node.ConnectAsync("late");
        Expect.AckSuccess(await node.RegisterAsync("late", jobId), jobId);
        var replayed = await node.ResultAsync("late", jobId);
        Expect.Succeeded(replayed, jobId, "Late topic");
        Assert.Equal(delivered.GetRawText(), replayed.GetRawText());

        // The ack came first, then the replay.
        var lines = node.Process.Lines.ToList();
        var ackIndex = lines.FindLastIndex(l => NodeProcess.Str(l, "ev") == "reply" && l.TryGetProperty("args", out var args) && args.GetArrayLength() > 0 && args[0].TryGetProperty("jobId", out _));
        var replayIndex = lines.FindIndex(l => NodeProcess.Str(l, "ev") == "scriptResult" && NodeProcess.Str(l, "sock") == "late");
        Assert.True(ackIndex >= 0 && ackIndex < replayIndex, node.Describe());

        await AssertFinalCountAsync(host, node, "late", jobId, expected: 1);
        Assert.Equal(1, node.ResultCount("control", jobId));
    }

    [Fact]
    public async Task Register_AfterReconnect_GetsTheResultFinishedMeanwhileOnce()
    {
        // Without connection state recovery (RecoveryTests has it on), a reconnecting client gets a new socket.
        await using var host = await ServiceHost.StartAsync(new Dictionary<string, string?> { ["ScriptService:ConnectionStateRecovery"] = "false" });
        await using var node = NodeDriver.Start(host);
        var jobId = Scripts.NewJobId();

        var firstAck = await node.ConnectAsync("a", reconnection: true);
        Expect.AckSuccess(await node.RegisterAsync("a", jobId), jobId);

        // The connection drops; the client reconnects on its own, as a new socket.
        await node.DropAsync("a");
        await node.EventAsync("a", "disconnect");
        await node.EventAsync("a", "reconnect");
        var secondAck = await node.EventAsync("a", "connection_ack", 2);
        Assert.Equal("success", secondAck.GetProperty("ack").GetProperty("status").GetString());
        Assert.NotEqual(firstAck.GetProperty("socketId").GetString(), secondAck.GetProperty("socketId").GetString());
        Assert.Equal(secondAck.GetProperty("socketId").GetString(), secondAck.GetProperty("ack").GetProperty("socketId").GetString());

        // The job finishes while the new socket is not registered: nothing reaches it.
        await node.ConnectAsync("control");
        Expect.AckSuccess(await node.RegisterAsync("control", jobId), jobId);
        await host.PostAcceptedAsync(Scripts.Body(jobId, "Reconnect topic"));
        await node.ResultAsync("control", jobId);
        Assert.Equal(0, node.ResultCount("a", jobId));

        // Registering again, as the guide asks after a reconnect, brings it.
        Expect.AckSuccess(await node.RegisterAsync("a", jobId), jobId);
        Expect.Succeeded(await node.ResultAsync("a", jobId), jobId, "Reconnect topic");
        await AssertFinalCountAsync(host, node, "a", jobId, expected: 1);
    }

    [Fact]
    public async Task Register_AgainAfterReconnectBeforeJobFinishes_GetsTheLiveResultOnce()
    {
        await using var host = await ServiceHost.StartAsync();
        await using var node = NodeDriver.Start(host);
        var jobId = Scripts.NewJobId();

        // The driver registers the socket's jobs again on every reconnect, as the guide's clients do.
        await node.ConnectAsync("a", reconnection: true, reregister: true);
        Expect.AckSuccess(await node.RegisterAsync("a", jobId), jobId);
        await node.DropAsync("a");
        await node.EventAsync("a", "reconnect");
        var reregistered = await node.EventAsync("a", "reregistered");
        Expect.AckSuccess(reregistered.GetProperty("ack"), jobId);

        await host.PostAcceptedAsync(Scripts.Body(jobId, "Live after reconnect"));
        Expect.Succeeded(await node.ResultAsync("a", jobId), jobId, "Live after reconnect");
        await AssertFinalCountAsync(host, node, "a", jobId, expected: 1);
    }

    [Fact]
    public async Task Unregister_BeforeJobFinishes_StopsDeliveryToThatSocket()
    {
        await using var host = await ServiceHost.StartAsync();
        await using var node = NodeDriver.Start(host);
        var jobId = Scripts.NewJobId();

        await node.ConnectAsync("a");
        await node.ConnectAsync("control");
        Expect.AckSuccess(await node.RegisterAsync("a", jobId), jobId);
        Expect.AckSuccess(await node.RegisterAsync("control", jobId), jobId);
        Expect.AckSuccess(await node.UnregisterAsync("a", jobId), jobId);

        await host.PostAcceptedAsync(Scripts.Body(jobId, "Unregistered topic"));
        Expect.Succeeded(await node.ResultAsync("control", jobId), jobId, "Unregistered topic");
        await AssertFinalCountAsync(host, node, "a", jobId, expected: 0);
    }

    [Fact]
    public async Task Results_TwoClientsWithTheirOwnJobs_NeverSeeEachOthers()
    {
        await using var host = await ServiceHost.StartAsync();
        await using var alice = NodeDriver.Start(host);
        await using var bob = NodeDriver.Start(host);
        var aliceJob = Scripts.NewJobId("alice");
        var bobJob = Scripts.NewJobId("bob");
        var aliceSentinel = Scripts.NewJobId("alice_sentinel");
        var bobSentinel = Scripts.NewJobId("bob_sentinel");

        await alice.ConnectAsync("a");
        await bob.ConnectAsync("b");
        Expect.AckSuccess(await alice.RegisterAsync("a", aliceJob), aliceJob);
        Expect.AckSuccess(await alice.RegisterAsync("a", aliceSentinel), aliceSentinel);
        Expect.AckSuccess(await bob.RegisterAsync("b", bobJob), bobJob);
        Expect.AckSuccess(await bob.RegisterAsync("b", bobSentinel), bobSentinel);

        await host.PostAcceptedAsync(Scripts.Body(aliceJob, "Alice's topic"));
        await host.PostAcceptedAsync(Scripts.Body(bobJob, "Bob's topic"));
        await host.PostAcceptedAsync(Scripts.Body(aliceSentinel, "Alice's sentinel"));
        await host.PostAcceptedAsync(Scripts.Body(bobSentinel, "Bob's sentinel"));

        Expect.Succeeded(await alice.ResultAsync("a", aliceJob), aliceJob, "Alice's topic");
        Expect.Succeeded(await bob.ResultAsync("b", bobJob), bobJob, "Bob's topic");
        await alice.ResultAsync("a", aliceSentinel);
        await bob.ResultAsync("b", bobSentinel);

        Assert.Equal([aliceJob, aliceSentinel], alice.ResultJobIds("a"));
        Assert.Equal([bobJob, bobSentinel], bob.ResultJobIds("b"));
    }

    [Fact]
    public async Task Register_SameJobTwiceOnOneSocket_DeliversTheResultOnce()
    {
        await using var host = await ServiceHost.StartAsync();
        await using var node = NodeDriver.Start(host);
        var jobId = Scripts.NewJobId();

        await node.ConnectAsync("a");
        Expect.AckSuccess(await node.RegisterAsync("a", jobId), jobId);
        Expect.AckSuccess(await node.RegisterAsync("a", jobId), jobId);
        await host.PostAcceptedAsync(Scripts.Body(jobId, "Twice topic"));
        await node.ResultAsync("a", jobId);

        // Registering once more after the result does not send it again either.
        Expect.AckSuccess(await node.RegisterAsync("a", jobId), jobId);
        await AssertFinalCountAsync(host, node, "a", jobId, expected: 1);
    }

    [Fact]
    public async Task Results_ManySocketsOnOneJob_EachGetsItOnce()
    {
        await using var host = await ServiceHost.StartAsync();
        await using var node = NodeDriver.Start(host);
        var jobId = Scripts.NewJobId();
        string[] sockets = ["s1", "s2", "s3", "s4"];

        foreach (var sock in sockets)
        {
            await node.ConnectAsync(sock, mode: sock == "s4" ? "polling" : "websocket");
            Expect.AckSuccess(await node.RegisterAsync(sock, jobId), jobId);
        }

        await host.PostAcceptedAsync(Scripts.Body(jobId, "Shared topic"));
        foreach (var sock in sockets)
        {
            Expect.Succeeded(await node.ResultAsync(sock, jobId), jobId, "Shared topic");
        }

        foreach (var sock in sockets)
        {
            await AssertFinalCountAsync(host, node, sock, jobId, expected: 1);
        }
    }

    /// <summary>
    /// Registers the socket for a new sentinel job and posts it: with one worker, once its result is in, every result
    /// of jobs posted before it has been sent, so the count of <paramref name="jobId"/>'s results is final.
    /// </summary>
    internal static async Task AssertFinalCountAsync(ServiceHost host, NodeDriver node, string sock, string jobId, int expected)
    {
        var sentinel = Scripts.NewJobId("sentinel");
        Expect.AckSuccess(await node.RegisterAsync(sock, sentinel), sentinel);
        await host.PostAcceptedAsync(Scripts.Body(sentinel, "Sentinel"));
        await node.ResultAsync(sock, sentinel);
        Assert.True(
            node.ResultCount(sock, jobId) == expected,
            $"Socket '{sock}' got the result of '{jobId}' {node.ResultCount(sock, jobId)} times, expected {expected}.{Environment.NewLine}{node.Describe()}");
    }
}
