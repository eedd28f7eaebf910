using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
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
        using var client = await NonReadingClient.ConnectAsync(server.BaseAddress.Port);
        var socket = server.Sockets[await client.JoinMainNamespaceAsync()].Socket;

        // The first bytes of its frame arrive: the connection has taken the packet, and its send waits for the client.
        await socket.EmitAsync("big", new string('x', 8 * MiB));
        await client.ReadAtLeastAsync(16);

        // The queue is empty, so the connection counts as writable and takes the volatile packet; the regular one
        // needs its room.
        await server.Io.Sockets.Volatile.EmitAsync("tick", new string('v', 600 * 1024));
        await socket.EmitAsync("regular", new string('r', 600 * 1024));

        Assert.True(socket.Connected);
    }

    /// <summary>A WebSocket client on a bare TCP connection with a small receive buffer, which reads only when told to.</summary>
    private sealed class NonReadingClient : IDisposable
    {
        private readonly TcpClient _tcp;
        private readonly NetworkStream _stream;
        private readonly List<byte> _pending = [];

        private NonReadingClient(TcpClient tcp)
        {
            _tcp = tcp;
            _stream = tcp.GetStream();
        }

        public static async Task<NonReadingClient> ConnectAsync(int port)
        {
            var tcp = new TcpClient { ReceiveBufferSize = 4096 };
            await tcp.ConnectAsync(IPAddress.Loopback, port).DefaultTimeout();
            return new NonReadingClient(tcp);
        }

        /// <summary>Upgrades, reads the open packet, joins "/" and returns the socket id the server answered with.</summary>
        public async Task<string> JoinMainNamespaceAsync()
        {
            await _stream.WriteAsync(Encoding.ASCII.GetBytes(
                $"GET {SocketIoTestServer.Path}/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
                "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")).AsTask().DefaultTimeout();
            int headEnd;
            while ((headEnd = IndexOfHeadEnd()) < 0)
            {
                await FillAsync();
            }

            Assert.StartsWith("HTTP/1.1 101", Encoding.ASCII.GetString([.. _pending]));
            _pending.RemoveRange(0, headEnd + 4);
            Assert.StartsWith("0{", await ReadTextFrameAsync());

            // "40", masked with a zero key, so that the payload goes as it is.
            await _stream.WriteAsync(new byte[] { 0x81, 0x82, 0, 0, 0, 0, (byte)'4', (byte)'0' }).AsTask().DefaultTimeout();
            var connected = await ReadTextFrameAsync();
            using var json = JsonDocument.Parse(connected.AsMemory(2));
            return json.RootElement.GetProperty("sid").GetString()!;
        }

        public async Task ReadAtLeastAsync(int count)
        {
            while (_pending.Count < count)
            {
                await FillAsync();
            }
        }

        public void Dispose() => _tcp.Dispose();

        private async Task<string> ReadTextFrameAsync()
        {
            await ReadAtLeastAsync(2);
            var length = _pending[1] & 0x7F;
            var offset = 2;
            if (length == 126)
            {
                await ReadAtLeastAsync(4);
                length = BinaryPrimitives.ReadUInt16BigEndian([_pending[2], _pending[3]]);
                offset = 4;
            }

            await ReadAtLeastAsync(offset + length);
            var text = Encoding.UTF8.GetString([.. _pending.GetRange(offset, length)]);
            _pending.RemoveRange(0, offset + length);
            return text;
        }

        private int IndexOfHeadEnd() => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_pending).IndexOf("\r\n\r\n"u8);

        private async Task FillAsync()
        {
            var buffer = new byte[4096];
            var read = await _stream.ReadAsync(buffer).AsTask().DefaultTimeout();
            if (read == 0)
            {
                throw new IOException("The server closed the connection.");
            }

            _pending.AddRange(buffer.AsSpan(0, read));
        }
    }
}
