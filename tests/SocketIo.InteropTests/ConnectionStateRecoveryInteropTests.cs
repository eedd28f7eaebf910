using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using SocketIo.InteropTests.Infrastructure;

namespace SocketIo.InteropTests;

/// <summary>
/// Connection state recovery with socket.io-client 4.8.4, which recovers by itself: a client whose transport is cut
/// comes back with the same id, stays in its rooms, and gets exactly the events it missed, in order; with recovery off
/// it gets a new socket and nothing of what it missed.
/// </summary>
public sealed class ConnectionStateRecoveryInteropTests(ConnectionStateRecoveryInteropTests.RecoveryServer server)
    : IClassFixture<ConnectionStateRecoveryInteropTests.RecoveryServer>
{
    /// <summary>
    /// On connection a "main" socket joins its run's room and is welcomed; when it goes, the server sends to the room,
    /// to the old socket, to another room, then tells the run's control socket. A recovered socket is told so.
    /// </summary>
    public class RecoveryServer : InteropServer
    {
        private readonly ConcurrentDictionary<string, SocketIoSocket> _controls = new();

        protected virtual bool Recovery => true;

        protected override void ConfigureSocketIo(SocketIoOptions options)
        {
            if (Recovery)
            {
                options.ConnectionStateRecovery = new SocketIoConnectionStateRecoveryOptions();
            }
        }

        private async Task SendAwayAsync(ISocketIoServer io, SocketIoSocket old, string run, string room)
        {
            await io.To(room).EmitAsync("news", "away-1");
            await io.To(run + ":other").EmitAsync("news", "not-for-it");
            await old.EmitAsync("news", "away-2");
            await io.To(room).EmitAsync("news", "away-3");
            if (_controls.TryGetValue(run, out var control))
            {
                await control.EmitAsync("away-sent");
            }
        }

        protected override void Configure(WebApplication app, ISocketIoServer io) =>
            io.Of("/").OnConnection(async socket =>
            {
                var run = socket.Run();
                var room = run + ":room";
                if (socket.AuthString("role") == "control")
                {
                    _controls[run] = socket;
                    return;
                }

                Signals.Add(run, "connections", new Connection(socket.Id, socket.Recovered, socket.Data as string, [.. socket.Rooms.Order()]));
                socket.On("ping-room", async e =>
                {
                    await io.To(room).EmitAsync("news", "live");
                    await e.AckAsync();
                });
                socket.Disconnected += (old, reason) =>
                {
                    Signals.Add(run, "disconnects", reason.ToReasonString());
                    // Sent while the client is away (each completes at once: the packets are queued).
                    _ = SendAwayAsync(io, old, run, room);
                };
                if (socket.Recovered)
                {
                    await socket.EmitAsync("news", "after-recovery");
                    return;
                }

                socket.Join(room);
                socket.Data = "data of " + run;
                await socket.EmitAsync("news", "welcome");
            });
    }

    public sealed class NoRecoveryServer : RecoveryServer
    {
        protected override bool Recovery => false;
    }

    public sealed record Connection(string Id, bool Recovered, string? Data, string[] Rooms);

    [Theory]
    [InlineData(Modes.WebSocket)]
    [InlineData(Modes.Polling)]
    [InlineData(Modes.Upgrade)]
    public async Task TransportCut_ReconnectAfterMissedEvents_SameIdRoomsDataAndExactlyTheMissedEventsInOrder(string mode)
    {
        var run = Modes.NewRun();
        var result = (await NodeClient.RunAsync("recovery.mjs", [server.Url, mode, run, "manual"], server)).EnsureSuccess().Step("result");

        // What socket.io-client reports when its own engine is closed under it; it reconnects all the same.
        Assert.Equal("forced close", result.GetProperty("reason").GetString());
        Assert.True(result.GetProperty("recovered").GetBoolean(), server.Describe());
        var id = result.GetProperty("firstId").GetString();
        Assert.Equal(id, result.GetProperty("secondId").GetString());
        // The missed events come first, in the order sent, then what the connection handler sends, then the live one.
        Assert.Equal(
            ["welcome", "away-1", "away-2", "away-3", "after-recovery", "live"],
            result.GetProperty("news").EnumerateArray().Select(n => n.GetString()));
        // Every event carried its offset as the last argument (what the client sends back when it reconnects).
        Assert.All(result.GetProperty("lastArgs").EnumerateArray(), a => Assert.Equal("string", a.GetString()));

        var connections = server.Signals.List(run, "connections").Cast<Connection>().ToList();
        Assert.Equal(2, connections.Count);
        Assert.False(connections[0].Recovered);
        Assert.True(connections[1].Recovered);
        Assert.Equal(id, connections[1].Id);
        Assert.Equal("data of " + run, connections[1].Data);
        Assert.Equal(new[] { id!, run + ":room" }.Order(), connections[1].Rooms);
    }

    [Theory]
    [InlineData(Modes.WebSocket)]
    [InlineData(Modes.Polling)]
    public async Task TransportCut_ClientReconnectsByItself_Recovered(string mode)
    {
        var run = Modes.NewRun();
        var result = (await NodeClient.RunAsync("recovery.mjs", [server.Url, mode, run, "auto"], server)).EnsureSuccess().Step("result");

        Assert.True(result.GetProperty("recovered").GetBoolean(), server.Describe());
        Assert.Equal(result.GetProperty("firstId").GetString(), result.GetProperty("secondId").GetString());
        var news = result.GetProperty("news").EnumerateArray().Select(n => n.GetString()).ToList();
        Assert.Equal("welcome", news[0]);
        Assert.Equal("live", news[^1]);
        Assert.Equal(["away-1", "away-2", "away-3"], news.Where(n => n!.StartsWith("away", StringComparison.Ordinal)));
        Assert.DoesNotContain("not-for-it", news);
        Assert.Single(news, "after-recovery");
    }
}

/// <summary>The same client against a server without recovery: a new socket, and nothing of what it missed.</summary>
public sealed class ConnectionStateRecoveryOffInteropTests(ConnectionStateRecoveryInteropTests.NoRecoveryServer server)
    : IClassFixture<ConnectionStateRecoveryInteropTests.NoRecoveryServer>
{
    [Theory]
    [InlineData(Modes.WebSocket)]
    [InlineData(Modes.Polling)]
    public async Task TransportCut_RecoveryOff_NewSocketNothingMissedReplayed(string mode)
    {
        var run = Modes.NewRun();
        var result = (await NodeClient.RunAsync("recovery.mjs", [server.Url, mode, run, "manual"], server)).EnsureSuccess().Step("result");

        Assert.False(result.GetProperty("recovered").GetBoolean());
        Assert.NotEqual(result.GetProperty("firstId").GetString(), result.GetProperty("secondId").GetString());
        Assert.Equal(["welcome", "welcome", "live"], result.GetProperty("news").EnumerateArray().Select(n => n.GetString()));
        // No offsets without recovery.
        Assert.All(result.GetProperty("lastArgs").EnumerateArray(), a => Assert.Equal("none", a.GetString()));
        var connections = server.Signals.List(run, "connections").Cast<ConnectionStateRecoveryInteropTests.Connection>().ToList();
        Assert.Equal(2, connections.Count);
        Assert.All(connections, c => Assert.False(c.Recovered));
        _ = JsonSerializer.Serialize(connections);
    }
}
