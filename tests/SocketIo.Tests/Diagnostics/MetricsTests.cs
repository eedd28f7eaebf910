using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using SocketIo.Tests.Infrastructure;

namespace SocketIo.Tests.Diagnostics;

/// <summary>The instruments of the <c>SocketIo</c> meter, created through the host's <see cref="IMeterFactory"/>.</summary>
public sealed class MetricsTests
{
    private const string MeterName = "SocketIo";

    [Fact]
    public async Task SocketsConnected_UpOnConnectDownOnDisconnect_TaggedByNamespace()
    {
        await using var server = await SocketIoTestServer.StartAsync(static io => io.Of("/chat"));
        using var connected = new MetricRecorder(server.Services.GetRequiredService<IMeterFactory>(), MeterName, "socketio.sockets.connected");
        var client = await server.ConnectAsync();

        var sid = await client.ConnectNamespaceAsync("/chat");
        await client.SyncAsync();
        Assert.Equal(1, connected.Sum);
        await client.SendAsync("1/chat,");
        await server.Sockets[sid].DisconnectedAsync();

        Assert.Equal([1L, -1L], connected.Measurements.Select(static m => m.Value));
        Assert.All(connected.Measurements, static m => Assert.Contains(new KeyValuePair<string, object?>("socketio.namespace", "/chat"), m.Tags));
    }

    [Fact]
    public async Task EventsReceived_CountsEachIncomingEvent()
    {
        await using var server = await SocketIoTestServer.StartAsync();
        using var received = new MetricRecorder(server.Services.GetRequiredService<IMeterFactory>(), MeterName, "socketio.events.received");
        var (client, _) = await server.ConnectSocketAsync();

        await client.SendAsync("""2["a"]""");
        await client.SendAsync("""21["b",1]""");
        await client.SendAsync("""51-["c",{"_placeholder":true,"num":0}]""");
        await client.SendBinaryAsync([1]);
        await client.SyncAsync();

        Assert.Equal(3, received.Sum);
    }
}
