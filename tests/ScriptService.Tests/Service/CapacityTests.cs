using ScriptService.Tests.Service.Infrastructure;

namespace ScriptService.Tests.Service;

/// <summary>A server at MaxConnections answers the next socket with an error connection_ack and disconnects it.</summary>
public sealed class CapacityTests
{
    [Fact]
    public async Task Connect_BeyondMaxConnections_ErrorAckThenServerDisconnect()
    {
        await using var host = await ServiceHost.StartAsync(new Dictionary<string, string?> { ["ScriptService:MaxConnections"] = "1" });
        await using var node = NodeDriver.Start(host);

        var first = await node.ConnectAsync("first");
        Assert.Equal("success", first.GetProperty("ack").GetProperty("status").GetString());

        var refused = await node.ConnectAsync("second");
        var ack = refused.GetProperty("ack");
        Assert.Equal("error", ack.GetProperty("status").GetString());
        Assert.Contains("capacity", ack.GetProperty("message").GetString(), StringComparison.Ordinal);
        var disconnect = await node.EventAsync("second", "disconnect");
        Assert.Equal("io server disconnect", disconnect.GetProperty("reason").GetString());

        // The first socket is untouched and still served.
        var jobId = Scripts.NewJobId();
        Expect.AckSuccess(await node.RegisterAsync("first", jobId), jobId);
    }
}
