using System.Net;
using System.Text.Json;
using ScriptService.Tests.Service.Infrastructure;

namespace ScriptService.Tests.Service;

/// <summary>
/// Test 1: the client guide's flow, run by <c>client/guide-flow.mjs</c> with the official socket.io-client: connect,
/// connection_ack, register, register ack, POST, scriptResult; over WebSocket only, and over the client's default
/// transports (polling, then the upgrade to WebSocket); and with the msgpack parser over every transport.
/// </summary>
public sealed class GuideFlowTests
{
    [Theory]
    [InlineData("websocket")]
    [InlineData("upgrade")]
    public async Task GuideFlow_RegisterThenPost_DeliversTheJobsResult(string mode)
    {
        await using var host = await ServiceHost.StartAsync();
        await RunGuideFlowAsync(host, mode, "default");
    }

    /// <summary>The same flow with socket.io-msgpack-parser, against the service started with <c>ScriptService__Parser=msgpack</c>.</summary>
    [Theory]
    [InlineData("websocket")]
    [InlineData("polling")]
    [InlineData("upgrade")]
    public async Task GuideFlow_MsgpackParser_DeliversTheJobsResult(string mode)
    {
        await using var host = await ServiceHost.StartAsync(new Dictionary<string, string?> { ["ScriptService:Parser"] = "msgpack" });
        await RunGuideFlowAsync(host, mode, "msgpack");
    }

    [Fact]
    public async Task Parser_UnknownValue_ServiceDoesNotStart()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            ServiceHost.StartAsync(new Dictionary<string, string?> { ["ScriptService:Parser"] = "protobuf" }));

        Assert.Equal("""ScriptService:Parser (ScriptService__Parser) is "protobuf"; it must be "default" or "msgpack".""", error.Message);
    }

    private static async Task RunGuideFlowAsync(ServiceHost host, string mode, string parser)
    {
        var jobId = "job_" + DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + "_" + mode + "_" + parser;
        const string Topic = "Năng lượng mặt trời cho hộ gia đình";

        await using var node = NodeProcess.Start("guide-flow.mjs", [host.Url, mode, jobId, Topic, parser], host.Describe);
        await node.WaitForSuccessAsync();

        // connection_ack {status:"success", socketId} with the client's own socket.id.
        var connection = node.Step("connection_ack");
        var ack = connection.GetProperty("ack");
        Assert.Equal("success", ack.GetProperty("status").GetString());
        Assert.Equal(connection.GetProperty("socketId").GetString(), ack.GetProperty("socketId").GetString());

        Expect.AckSuccess(node.Step("register").GetProperty("ack"), jobId);

        // 202 {jobId, status:"queued"} with a Location.
        var post = node.Step("post");
        Assert.Equal(202, post.GetProperty("status").GetInt32());
        Assert.Equal(jobId, post.GetProperty("body").GetProperty("jobId").GetString());
        Assert.Equal("queued", post.GetProperty("body").GetProperty("status").GetString());
        Assert.Equal("/api/scripts/" + jobId, post.GetProperty("location").GetString());

        var received = node.Step("scriptResult");
        var result = received.GetProperty("result");
        Expect.Succeeded(result, jobId, Topic);
        foreach (var progress in received.GetProperty("progressBefore").EnumerateArray())
        {
            Assert.Equal(jobId, progress.GetProperty("job_id").GetString());
            Assert.False(string.IsNullOrEmpty(progress.GetProperty("stage").GetString()));
            Assert.InRange(progress.GetProperty("progress").GetInt32(), 0, 100);
            Expect.IsoUtc(progress.GetProperty("timestamp").GetString());
        }

        var transports = node.Step("transports");
        Assert.Equal(mode == "polling" ? "polling" : "websocket", transports.GetProperty("final").GetString());
        Assert.Equal(mode == "websocket" ? "websocket" : "polling", transports.GetProperty("transports")[0].GetString());

        // The stored job agrees with what the socket got.
        using var get = await host.GetJobAsync(jobId);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        var job = JsonDocument.Parse(await get.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("succeeded", job.GetProperty("state").GetString());
        Assert.Equal(result.GetProperty("data").GetProperty("scriptId").GetString(), job.GetProperty("result").GetProperty("data").GetProperty("scriptId").GetString());
        Assert.Equal(result.GetProperty("timestamp").GetString(), job.GetProperty("result").GetProperty("timestamp").GetString());
    }

    [Fact]
    public async Task ScriptProgress_WhileJobRuns_ReportsStagesBeforeTheResult()
    {
        await using var llm = await HeldLlm.StartAsync();
        await using var host = await ServiceHost.StartAsync(ServiceHost.LlmSettings(llm.Endpoint));
        await using var node = NodeDriver.Start(host);
        var jobId = Scripts.NewJobId();

        await node.ConnectAsync("a");
        Expect.AckSuccess(await node.RegisterAsync("a", jobId), jobId);
        await host.PostAcceptedAsync(Scripts.Body(jobId, "Progress topic"));

        // The generator reports its first stages before it asks the model, which holds the request.
        await llm.NextRequestAsync();
        var first = (await node.EventAsync("a", "scriptProgress")).GetProperty("progress");
        Assert.Equal(jobId, first.GetProperty("job_id").GetString());
        Assert.False(string.IsNullOrEmpty(first.GetProperty("stage").GetString()));
        Assert.InRange(first.GetProperty("progress").GetInt32(), 0, 100);
        Expect.IsoUtc(first.GetProperty("timestamp").GetString());

        llm.Release();
        Expect.Succeeded(await node.ResultAsync("a", jobId), jobId, "Progress topic");
        var percents = node.Events("a", "scriptProgress").Select(e => e.GetProperty("progress").GetProperty("progress").GetInt32()).ToList();
        Assert.Equal(percents.Order(), percents);
    }

    [Theory]
    [InlineData("websocket")]
    [InlineData("polling")]
    public async Task ScriptProgress_EveryStageInOrder_And100BeforeTheResult(string mode)
    {
        await using var llm = await HeldLlm.StartAsync();
        await using var host = await ServiceHost.StartAsync(ServiceHost.LlmSettings(llm.Endpoint));
        await using var node = NodeDriver.Start(host);
        var jobId = Scripts.NewJobId();

        await node.ConnectAsync("a", mode: mode);
        Expect.AckSuccess(await node.RegisterAsync("a", jobId), jobId);
        await host.PostAcceptedAsync(Scripts.Body(jobId, "Every stage"));
        await llm.NextRequestAsync();
        llm.Release();
        await node.ResultAsync("a", jobId);

        // The LLM generator's stages (prompt 10, model 30 and 80, parse 90, done 100), each once, in order, all of
        // them before the result: volatile progress lost the ones reported while an earlier one was still queued.
        Assert.Equal(["prompt 10", "model 30", "model 80", "parse 90", "done 100", "result"], node.ProgressAndResults("a"));
    }

    /// <summary>
    /// A client that does not read (a polling client that sends no GET) is behind from the first report: each newer
    /// report of the job replaces the one held for it, and the newest (100) goes out before the result. With every
    /// report queued it would have read prompt 10, model 30, model 80, parse 90, done 100 before the result.
    /// </summary>
    [Fact]
    public async Task ScriptProgress_ClientThatDoesNotRead_GetsTheNewestReport_And100BeforeTheResult()
    {
        await using var llm = await HeldLlm.StartAsync();
        var settings = ServiceHost.LlmSettings(llm.Endpoint);
        settings["ScriptService:ProgressBacklogBytes"] = "0";
        await using var host = await ServiceHost.StartAsync(settings);
        await using var node = NodeDriver.Start(host);
        var jobId = Scripts.NewJobId();

        var slow = await PollingClient.ConnectAsync(host.Http);
        Assert.Contains(await slow.ReadUntilAsync("connection_ack"), p => p.Contains("\"success\"", StringComparison.Ordinal));

        // The register ack is queued while this POST is handled and stays unread: from here on the connection holds
        // unsent bytes, so the socket is behind for every report of the job.
        await slow.PostAsync("420[\"register\",\"" + jobId + "\"]");

        // A second client that reads, for the signal that the job has reported 100: the worker reports it before it
        // stores and delivers the result.
        await node.ConnectAsync("fast", mode: "websocket");
        Expect.AckSuccess(await node.RegisterAsync("fast", jobId), jobId);
        await host.PostAcceptedAsync(Scripts.Body(jobId, "A slow reader"));
        await llm.NextRequestAsync();
        llm.Release();
        await node.ResultAsync("fast", jobId);

        var packets = await slow.ReadUntilAsync("scriptResult");
        var seen = packets.Select(Describe).ToList();
        Assert.Equal(["ack success", "scriptProgress done 100", "scriptResult " + jobId], seen);

        static string Describe(string packet)
        {
            if (packet.StartsWith("430", StringComparison.Ordinal))
            {
                return "ack " + JsonDocument.Parse(packet[3..]).RootElement[0].GetProperty("status").GetString();
            }

            var array = JsonDocument.Parse(packet[2..]).RootElement;
            var payload = array[1];
            return array[0].GetString() == "scriptProgress"
                ? "scriptProgress " + payload.GetProperty("stage").GetString() + " " + payload.GetProperty("progress").GetInt32()
                : array[0].GetString() + " " + payload.GetProperty("job_id").GetString();
        }
    }

    /// <summary>A raw Engine.IO polling client: it reads only when the test sends a GET.</summary>
    private sealed class PollingClient(HttpClient http, string sid)
    {
        private string Path => "/socket.io/?EIO=4&transport=polling&sid=" + sid;

        public static async Task<PollingClient> ConnectAsync(HttpClient http)
        {
            var open = await http.GetStringAsync("/socket.io/?EIO=4&transport=polling").DefaultTimeout();
            Assert.StartsWith("0", open, StringComparison.Ordinal);
            var client = new PollingClient(http, JsonDocument.Parse(open[1..]).RootElement.GetProperty("sid").GetString()!);
            await client.PostAsync("40");
            return client;
        }

        public async Task PostAsync(string packet)
        {
            using var response = await http.PostAsync(Path, new StringContent(packet)).DefaultTimeout();
            response.EnsureSuccessStatusCode();
        }

        /// <summary>GETs until an event of that name arrives; returns the Socket.IO packets read, in order.</summary>
        public async Task<List<string>> ReadUntilAsync(string eventName)
        {
            var packets = new List<string>();
            var marker = "[\"" + eventName + "\"";
            while (!packets.Any(p => p.StartsWith("42" + marker, StringComparison.Ordinal)))
            {
                var payload = await http.GetStringAsync(Path).DefaultTimeout();
                foreach (var packet in payload.Split('\u001e'))
                {
                    if (packet.StartsWith('2'))
                    {
                        // A ping the test's host sends meanwhile: answered, as a client would.
                        await PostAsync("3");
                    }
                    else if (packet.StartsWith('4'))
                    {
                        packets.Add(packet);
                    }
                }
            }

            return packets;
        }
    }
}
