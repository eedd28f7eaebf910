using System.Globalization;
using SocketIo;

namespace BenchServer;

/// <summary>
/// The cluster events of <c>benchmarks/reference/cluster.mjs</c>, on a server whose namespaces share a Redis with other
/// nodes: <c>count(room, ack)</c> acks the number of the room's sockets in the whole cluster (-1 if the fetch failed),
/// <c>kick(room, ack)</c> disconnects them on every node (connections closed) then acks, <c>servers(ack)</c> acks the
/// other nodes' answers to the server-side event <c>who</c>, as strings sorted by code unit (on a timeout, those that
/// came). Every node answers <c>who</c> with its process id.
/// </summary>
internal sealed class ClusterEvents
{
    private readonly ISocketIoServer _io;
    private readonly SocketIoEventListener _count;
    private readonly SocketIoEventListener _kick;
    private readonly SocketIoEventListener _servers;

    public ClusterEvents(ISocketIoServer io)
    {
        _io = io;
        _count = CountAsync;
        _kick = KickAsync;
        _servers = ServersAsync;
        io.OnServerSideEmit("who", static e => e.AckAsync(Environment.ProcessId.ToString(CultureInfo.InvariantCulture)));
    }

    public void Attach(SocketIoSocket socket) => socket.On("count", _count).On("kick", _kick).On("servers", _servers);

    private async ValueTask CountAsync(SocketIoEvent e)
    {
        if (!e.HasAck)
        {
            return;
        }

        var room = e[0].GetString()!;
        int count;
        try
        {
            count = (await _io.To(room).FetchSocketsAsync()).Count;
        }
        catch (TimeoutException)
        {
            count = -1;
        }

        await e.AckAsync(count);
    }

    private async ValueTask KickAsync(SocketIoEvent e)
    {
        // The room is read before the disconnection, which may take this very socket (and its event's arguments).
        var room = e[0].GetString()!;
        var ack = e.HasAck;
        await _io.To(room).DisconnectSocketsAsync(close: true);
        if (ack)
        {
            await e.AckAsync();
        }
    }

    private async ValueTask ServersAsync(SocketIoEvent e)
    {
        if (!e.HasAck)
        {
            return;
        }

        var result = await _io.ServerSideEmitWithAckAsync("who");
        var answers = result.Responses
            .Select(static r => r.ValueKind == System.Text.Json.JsonValueKind.String ? r.GetString()! : r.GetRawText())
            .Order(StringComparer.Ordinal)
            .ToArray();
        await e.AckAsync([answers]);
    }
}
