using System.Text.Json.Nodes;
using ScriptService.Tests.Service.Infrastructure;

namespace ScriptService.Tests.Service;

/// <summary>Test 3: what <c>register</c> accepts and refuses, without an ack callback, and its limit per socket.</summary>
public sealed class RegisterValidationTests
{
    /// <summary>Bad job ids, as JSON (<c>missing</c>: no argument at all before the ack callback).</summary>
    public static TheoryData<string, string> InvalidJobIds => new()
    {
        { "empty", "\"\"" },
        { "too long (129)", "\"" + new string('a', 129) + "\"" },
        { "space", "\"job 1\"" },
        { "slash", "\"job/1\"" },
        { "non-ascii letter", "\"jöb\"" },
        { "number", "42" },
        { "fraction", "1.5" },
        { "boolean", "true" },
        { "object", "{\"jobId\":\"job_1\"}" },
        { "array", "[\"job_1\"]" },
        { "null", "null" },
        { "missing", "" },
    };

    [Theory]
    [MemberData(nameof(InvalidJobIds))]
    public async Task Register_InvalidJobId_AcksErrorAndKeepsTheSocketUsable(string what, string json)
    {
        await using var host = await ServiceHost.StartAsync();
        await using var node = NodeDriver.Start(host);
        await node.ConnectAsync("a");

        var ack = json.Length == 0
            ? await node.EmitWithAckAsync("a", "register")
            : await node.EmitWithAckAsync("a", "register", JsonNode.Parse(json));
        var message = Expect.AckError(ack);
        Assert.False(ack.TryGetProperty("jobId", out _), $"{what}: the error ack names a job: {ack}");
        Expect.SafeMessage(message);

        // Nothing broke: the same socket registers a valid id next, and was never disconnected.
        var valid = Scripts.NewJobId();
        Expect.AckSuccess(await node.RegisterAsync("a", valid), valid);
        Assert.Empty(node.Events("a", "disconnect"));
    }

    [Theory]
    [MemberData(nameof(InvalidJobIds))]
    public async Task Unregister_InvalidJobId_AcksError(string what, string json)
    {
        await using var host = await ServiceHost.StartAsync();
        await using var node = NodeDriver.Start(host);
        await node.ConnectAsync("a");

        var ack = json.Length == 0
            ? await node.EmitWithAckAsync("a", "unregister")
            : await node.EmitWithAckAsync("a", "unregister", JsonNode.Parse(json));
        Assert.False(string.IsNullOrEmpty(Expect.AckError(ack)), what);
    }

    /// <summary>
    /// Strings JSON can escape but that are no text (a lone UTF-16 surrogate), as JSON text for Node to parse and
    /// send: the parsers accept them, and reading them as a string throws.
    /// </summary>
    public static TheoryData<string> LoneSurrogates => new()
    {
        "\"\\ud800\"",
        "\"\\udfff\"",
        "\"job_\\ud83d\"",
        "\"\\ude00job\"",
        "\"\\ud800\\ud800\"",
    };

    [Theory]
    [MemberData(nameof(LoneSurrogates))]
    public async Task RegisterAndUnregister_LoneSurrogate_AckErrorEveryTimeWithoutLogging(string json)
    {
        await using var host = await ServiceHost.StartAsync();
        await using var node = NodeDriver.Start(host);
        await node.ConnectAsync("a");

        // Again and again, as a flood would: each one is answered, and none costs a log line.
        for (var i = 0; i < 10; i++)
        {
            foreach (var eventName in new[] { "register", "unregister" })
            {
                var ack = await node.EmitRawWithAckAsync("a", eventName, "[" + json + "]");
                Expect.SafeMessage(Expect.AckError(ack));
                Assert.False(ack.TryGetProperty("jobId", out _), $"the error ack names a job: {ack}");
            }
        }

        var valid = Scripts.NewJobId();
        Expect.AckSuccess(await node.RegisterAsync("a", valid), valid);
        Assert.Empty(node.Events("a", "disconnect"));
        Assert.Empty(host.Logs.Find("   at "));
        Assert.True(
            host.Logs.Find(" Error ").Count + host.Logs.Find(" Warning ").Count + host.Logs.Find(" Critical ").Count <= 1,
            host.Describe());
    }

    [Fact]
    public async Task Register_ValidSurrogatePair_IsReadAsTextAndRefusedAsNotAnId()
    {
        await using var host = await ServiceHost.StartAsync();
        await using var node = NodeDriver.Start(host);
        await node.ConnectAsync("a");

        var message = Expect.AckError(await node.EmitRawWithAckAsync("a", "register", "[\"job_\\ud83d\\ude00\"]"));
        Assert.Contains("only letters", message, StringComparison.Ordinal);
        Assert.Empty(host.Logs.Find("   at "));
    }

    [Theory]
    [InlineData("a")]
    [InlineData("job_1718000000000")]
    [InlineData("A-Z.a-z:0-9_")]
    [InlineData("128")]
    public async Task Register_ValidJobId_AcksSuccessWithTheJobId(string jobId)
    {
        if (jobId == "128")
        {
            jobId = new string('x', 100) + "_.:-" + new string('9', 24);
        }

        await using var host = await ServiceHost.StartAsync();
        await using var node = NodeDriver.Start(host);
        await node.ConnectAsync("a");
        Expect.AckSuccess(await node.RegisterAsync("a", jobId), jobId);
        Expect.AckSuccess(await node.UnregisterAsync("a", jobId), jobId);
    }

    [Fact]
    public async Task Register_WithoutAckCallback_IsHandledWithoutError()
    {
        await using var host = await ServiceHost.StartAsync();
        await using var node = NodeDriver.Start(host);
        var jobId = Scripts.NewJobId();
        await node.ConnectAsync("control");
        Expect.AckSuccess(await node.RegisterAsync("control", jobId), jobId);
        await host.PostAcceptedAsync(Scripts.Body(jobId, "No ack topic"));
        await node.ResultAsync("control", jobId);

        // Invalid ids with no callback to answer: nothing to send, nothing to break.
        await node.ConnectAsync("a");
        await node.EmitAsync("a", "register", JsonValue.Create(""));
        await node.EmitAsync("a", "register", JsonValue.Create(42));
        await node.EmitAsync("a", "register");

        // A valid id with no callback still registers: the finished job is replayed to the socket.
        await node.EmitAsync("a", "register", JsonValue.Create(jobId));
        Expect.Succeeded(await node.ResultAsync("a", jobId), jobId, "No ack topic");

        var other = Scripts.NewJobId();
        Expect.AckSuccess(await node.RegisterAsync("a", other), other);
        Assert.Empty(node.Events("a", "disconnect"));
        Assert.Empty(host.Logs.Find(" Error "));
    }

    [Fact]
    public async Task Register_BeyondConfiguredLimit_AcksErrorUntilOneIsUnregistered()
    {
        await using var host = await ServiceHost.StartAsync(new Dictionary<string, string?> { ["ScriptService:MaxRegistrationsPerSocket"] = "3" });
        await using var node = NodeDriver.Start(host);
        await node.ConnectAsync("a");
        await node.ConnectAsync("b");
        var jobs = Enumerable.Range(1, 4).Select(i => Scripts.NewJobId("limit" + i)).ToArray();

        for (var i = 0; i < 3; i++)
        {
            Expect.AckSuccess(await node.RegisterAsync("a", jobs[i]), jobs[i]);
        }

        Assert.Contains("3", Expect.AckError(await node.RegisterAsync("a", jobs[3])), StringComparison.Ordinal);

        // A job already held counts once; another socket has a limit of its own.
        Expect.AckSuccess(await node.RegisterAsync("a", jobs[1]), jobs[1]);
        for (var i = 0; i < 3; i++)
        {
            Expect.AckSuccess(await node.RegisterAsync("b", jobs[i]), jobs[i]);
        }

        Expect.AckSuccess(await node.UnregisterAsync("a", jobs[0]), jobs[0]);
        Expect.AckSuccess(await node.RegisterAsync("a", jobs[3]), jobs[3]);
        Expect.AckError(await node.RegisterAsync("a", jobs[0]));
    }

    [Fact]
    public async Task Register_DefaultLimit_Allows100JobsPerSocket()
    {
        await using var host = await ServiceHost.StartAsync();
        await using var node = NodeDriver.Start(host);
        await node.ConnectAsync("a");

        for (var i = 0; i < 100; i++)
        {
            var jobId = "default_limit_" + i;
            Expect.AckSuccess(await node.RegisterAsync("a", jobId), jobId);
        }

        Expect.AckError(await node.RegisterAsync("a", "default_limit_100"));
    }
}
