using System.Text.Json;
using SocketIo.Tests.Infrastructure;

namespace SocketIo.Tests.Rooms;

/// <summary>
/// A volatile broadcast reaches the connection as volatile: when the client does not read, it is what the connection
/// drops to make room for a regular packet, rather than buffering both or closing.
/// </summary>
public sealed class VolatileBackpressureTests
{
    private const int MiB = 1024 * 1024;

    [Fact]
    public async Task VolatileQueuedBehindASendTheClientDoesNotRead_DroppedForARegularPacket()
    {
        await using var server = await SocketIoTestServer.StartAsync(engine: engine => engine.MaxBufferedBytes = 9 * MiB);
        // A small receive buffer, and a client that reads only when told to: the server's sends stall soon.
        using var client = await RawHttpConnection.ConnectAsync(server.BaseAddress.Port, receiveBufferSize: 4096);
        var socket = server.Sockets[await JoinMainNamespaceAsync(client)].Socket;

        // The first bytes of its frame arrive: the connection has taken the packet, and its send waits for the client.
        await socket.EmitAsync("big", new string('x', 8 * MiB));
        await client.ReadAtLeastAsync(16);

        // The queue is empty, so the connection counts as writable and takes the volatile packet; the regular one
        // needs its room.
        await server.Io.Sockets.Volatile.EmitAsync("tick", new string('v', 600 * 1024));
        await socket.EmitAsync("regular", new string('r', 600 * 1024));

        Assert.True(socket.Connected);
    }

    /// <summary>Upgrades to WebSocket, joins "/" and returns the socket id the server answered with.</summary>
    private static async Task<string> JoinMainNamespaceAsync(RawHttpConnection client)
    {
        await client.OpenWebSocketSessionAsync($"{SocketIoTestServer.Path}/?EIO=4&transport=websocket");
        await client.SendAsync(ClientFrame.Text("40"));
        var connected = (await client.ReadFrameAsync()).Text;
        Assert.StartsWith("40{", connected);
        using var json = JsonDocument.Parse(connected.AsMemory(2));
        return json.RootElement.GetProperty("sid").GetString()!;
    }
}
