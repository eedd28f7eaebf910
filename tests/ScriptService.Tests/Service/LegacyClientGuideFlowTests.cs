using System.Net;
using System.Text.Json;
using ScriptService.Tests.Service.Infrastructure;

namespace ScriptService.Tests.Service;

/// <summary>
/// The client guide's whole flow with socket.io-client 2.5.0 (Engine.IO v3, Socket.IO protocol v4), run by
/// <c>client-v2/guide-flow.mjs</c> against the service with no configuration, on every transport: connect,
/// connection_ack, register, POST, scriptProgress, scriptResult.
/// </summary>
public sealed class LegacyClientGuideFlowTests
{
    private const string ApiKey = "test-api-key-0123456789";

    [Theory]
    [InlineData("websocket")]
    [InlineData("polling")]
    [InlineData("upgrade")]
    public async Task GuideFlow_SocketIoClient2_RegisterThenPost_DeliversProgressAndTheResult(string mode)
    {
        await using var host = await ServiceHost.StartAsync();
        var jobId = "job_" + DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + "_v2_" + mode;
        const string Topic = "Năng lượng mặt trời cho hộ gia đình";

        await using var node = NodeProcess.StartIn("client-v2", "guide-flow.mjs", [host.Url, mode, jobId, Topic], host.Describe);
        await node.WaitForSuccessAsync();

        // The socketId the service reports is the one the 2.x client computes for itself.
        var connection = node.Step("connection_ack");
        var ack = connection.GetProperty("ack");
        Assert.Equal("success", ack.GetProperty("status").GetString());
        Assert.Equal(connection.GetProperty("socketId").GetString(), ack.GetProperty("socketId").GetString());

        Expect.AckSuccess(node.Step("register").GetProperty("ack"), jobId);
        var post = node.Step("post");
        Assert.Equal(202, post.GetProperty("status").GetInt32());
        Assert.Equal(jobId, post.GetProperty("body").GetProperty("jobId").GetString());

        var received = node.Step("scriptResult");
        var result = received.GetProperty("result");
        Expect.Succeeded(result, jobId, Topic);
        var progress = received.GetProperty("progressBefore").EnumerateArray().ToList();
        Assert.NotEmpty(progress);
        Assert.Equal(100, progress[^1].GetProperty("progress").GetInt32());
        foreach (var report in progress)
        {
            Assert.Equal(jobId, report.GetProperty("job_id").GetString());
            Expect.IsoUtc(report.GetProperty("timestamp").GetString());
        }

        var transports = node.Step("transports");
        Assert.Equal(mode == "polling" ? "polling" : "websocket", transports.GetProperty("final").GetString());
        Assert.Equal(mode == "websocket" ? "websocket" : "polling", transports.GetProperty("transports")[0].GetString());

        using var get = await host.GetJobAsync(jobId);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        var job = JsonDocument.Parse(await get.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("succeeded", job.GetProperty("state").GetString());
    }

    [Theory]
    [InlineData("websocket")]
    [InlineData("polling")]
    public async Task GuideFlow_SocketIoClient2_TokenInTheQuery_IsAuthenticated(string mode)
    {
        await using var host = await ServiceHost.StartAsync(new Dictionary<string, string?> { ["ScriptService:Authentication:ApiKey"] = ApiKey });
        var jobId = "job_" + DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + "_v2_auth_" + mode;

        await using var node = NodeProcess.StartIn("client-v2", "guide-flow.mjs", [host.Url, mode, jobId, "Solar power", ApiKey], host.Describe);
        await node.WaitForSuccessAsync();

        Assert.Equal("success", node.Step("connection_ack").GetProperty("ack").GetProperty("status").GetString());
        Assert.Equal(202, node.Step("post").GetProperty("status").GetInt32());
        Expect.Succeeded(node.Step("scriptResult").GetProperty("result"), jobId, "Solar power");
    }

    [Fact]
    public async Task Connect_SocketIoClient2_WrongTokenInTheQuery_IsRefusedWithAnError()
    {
        await using var host = await ServiceHost.StartAsync(new Dictionary<string, string?> { ["ScriptService:Authentication:ApiKey"] = ApiKey });

        await using var node = NodeProcess.StartIn("client-v2", "guide-flow.mjs", [host.Url, "websocket", "job_v2_refused", "Solar power", ApiKey + "x"], host.Describe);
        await node.WaitForSuccessAsync();

        Assert.Contains("Authentication failed", node.Step("refused").GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Empty(node.Steps("connection_ack"));
    }
}
