using Microsoft.Extensions.Logging;
using ScriptService.Tests.Service.Infrastructure;

namespace ScriptService.Tests.Service;

/// <summary>
/// Connection state recovery, on by default: a client whose connection drops while its job runs, and that comes back
/// within the window, keeps its socket and gets the progress and the result it missed, once, without registering
/// again; registering again, as the guide's clients do on every <c>connection_ack</c>, brings nothing twice.
/// </summary>
public sealed class RecoveryTests
{
    [Fact]
    public async Task CutWhileJobRuns_ReconnectAfterItFinished_GetsMissedProgressAndResultOnceWithoutRegister()
    {
        await using var llm = await HeldLlm.StartAsync();
        await using var host = await ServiceHost.StartAsync(ServiceHost.LlmSettings(llm.Endpoint));
        await using var node = NodeDriver.Start(host);
        var jobId = Scripts.NewJobId();

        var firstAck = await node.ConnectAsync("a", reconnection: true);
        await node.ConnectAsync("control");
        Expect.AckSuccess(await node.RegisterAsync("a", jobId), jobId);
        Expect.AckSuccess(await node.RegisterAsync("control", jobId), jobId);
        await host.PostAcceptedAsync(Scripts.Body(jobId, "Recovered topic"));
        await llm.NextRequestAsync();
        await node.EventAsync("a", "scriptProgress");

        // The connection drops while the job runs, and the client stays away until the job has finished.
        await node.DropAsync("a", stayAway: true);
        await node.EventAsync("a", "disconnect");
        llm.Release();
        await node.ResultAsync("control", jobId);
        Assert.Equal(0, node.ResultCount("a", jobId));

        await node.ReconnectAsync("a");
        Expect.Succeeded(await node.ResultAsync("a", jobId), jobId, "Recovered topic");
        var connects = node.Events("a", "connect");
        Assert.Equal(2, connects.Count);
        Assert.Equal(firstAck.GetProperty("socketId").GetString(), connects[1].GetProperty("socketId").GetString());

        // Every stage once, in order, those sent while it was away included, then the result.
        Assert.Equal(["prompt 10", "model 30", "model 80", "parse 90", "done 100", "result"], node.ProgressAndResults("a"));

        // The guide's clients register again on every connection_ack: the socket already had the result.
        Expect.AckSuccess(await node.RegisterAsync("a", jobId), jobId);
        await DeliveryTests.AssertFinalCountAsync(host, node, "a", jobId, expected: 1);
    }

    [Fact]
    public async Task CutWhileJobRuns_ReconnectBeforeItFinishes_StillRegistered_GetsTheLiveResultOnce()
    {
        await using var llm = await HeldLlm.StartAsync();
        await using var host = await ServiceHost.StartAsync(ServiceHost.LlmSettings(llm.Endpoint));
        await using var node = NodeDriver.Start(host);
        var jobId = Scripts.NewJobId();

        var firstAck = await node.ConnectAsync("a", reconnection: true);
        Expect.AckSuccess(await node.RegisterAsync("a", jobId), jobId);
        await host.PostAcceptedAsync(Scripts.Body(jobId, "Still registered"));
        await llm.NextRequestAsync();

        // The client reconnects on its own, at once, and registers nothing.
        await node.DropAsync("a");
        await node.EventAsync("a", "reconnect");
        var secondAck = await node.EventAsync("a", "connection_ack", 2);
        Assert.Equal(firstAck.GetProperty("socketId").GetString(), secondAck.GetProperty("socketId").GetString());

        llm.Release();
        Expect.Succeeded(await node.ResultAsync("a", jobId), jobId, "Still registered");
        await DeliveryTests.AssertFinalCountAsync(host, node, "a", jobId, expected: 1);
    }

    [Fact]
    public async Task NeverRegistered_CutAndRecovered_KeepsItsSocket_ThenRegistersAndGetsTheResult()
    {
        await using var host = await ServiceHost.StartAsync();
        await using var node = NodeDriver.Start(host);
        var jobId = Scripts.NewJobId();

        // A socket has no service state until it registers; its recovery must not need one.
        var firstAck = await node.ConnectAsync("a", reconnection: true);
        await node.DropAsync("a");
        await node.EventAsync("a", "reconnect");
        var secondAck = await node.EventAsync("a", "connection_ack", 2);
        Assert.Equal(firstAck.GetProperty("socketId").GetString(), secondAck.GetProperty("socketId").GetString());

        Expect.AckSuccess(await node.RegisterAsync("a", jobId), jobId);
        await host.PostAcceptedAsync(Scripts.Body(jobId, "Registered after recovery"));
        Expect.Succeeded(await node.ResultAsync("a", jobId), jobId, "Registered after recovery");

        // The connection handler ran to its end: nothing failed on the way.
        Assert.DoesNotContain(host.Logs.Entries, entry => entry.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task RecoveryOff_Reconnect_NewSocketThatMustRegisterAgain()
    {
        await using var host = await ServiceHost.StartAsync(new Dictionary<string, string?> { ["ScriptService:ConnectionStateRecovery"] = "false" });
        await using var node = NodeDriver.Start(host);
        var jobId = Scripts.NewJobId();

        var firstAck = await node.ConnectAsync("a", reconnection: true);
        Expect.AckSuccess(await node.RegisterAsync("a", jobId), jobId);
        await node.DropAsync("a");
        await node.EventAsync("a", "reconnect");
        var secondAck = await node.EventAsync("a", "connection_ack", 2);
        Assert.NotEqual(firstAck.GetProperty("socketId").GetString(), secondAck.GetProperty("socketId").GetString());

        await node.ConnectAsync("control");
        Expect.AckSuccess(await node.RegisterAsync("control", jobId), jobId);
        await host.PostAcceptedAsync(Scripts.Body(jobId, "Not recovered"));
        await node.ResultAsync("control", jobId);
        Assert.Equal(0, node.ResultCount("a", jobId));
    }
}
