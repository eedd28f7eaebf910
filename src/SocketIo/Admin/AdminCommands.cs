using System.Text.Json;
using SocketIo.Internal;

namespace SocketIo.Admin;

/// <summary>
/// The dashboard's commands, each applied to a namespace's sockets, or those of a room (a socket's own id is a room),
/// through the adapter, so that they reach the sockets on every server: <c>emit(nsp, filter, event, ...args)</c>,
/// <c>join(nsp, room, filter)</c>, <c>leave(nsp, room, filter)</c>, <c>_disconnect(nsp, close, filter)</c>. A command
/// for a namespace that does not exist is ignored rather than creating it.
/// </summary>
internal static class AdminCommands
{
    public static void Register(AdminInstrumentation admin, SocketIoSocket dashboard)
    {
        dashboard.On("emit", e => EmitAsync(admin, e));
        dashboard.On("join", e => RoomsAsync(admin, e, join: true));
        dashboard.On("leave", e => RoomsAsync(admin, e, join: false));
        dashboard.On("_disconnect", e => DisconnectAsync(admin, e));
    }

    private static async ValueTask EmitAsync(AdminInstrumentation admin, SocketIoEvent e)
    {
        if (!TryGetTarget(admin, e, "emit", out var target, out var filter))
        {
            return;
        }

        if (e.Count < 3 || e[2].ValueKind != JsonValueKind.String || ReservedEvents.IsReserved(e[2].GetString()!))
        {
            admin.CommandIgnored("emit", "no event name, or a reserved one");
            return;
        }

        var args = new object?[e.Count - 3];
        for (var i = 0; i < args.Length; i++)
        {
            args[i] = e[i + 3].Clone();
        }

        admin.CommandApplied("emit", target, filter);
        await Select(target, filter).EmitAsync(e[2].GetString()!, args);
    }

    private static async ValueTask RoomsAsync(AdminInstrumentation admin, SocketIoEvent e, bool join)
    {
        var command = join ? "join" : "leave";
        if (!TryGetTarget(admin, e, command, out var target, out var filter))
        {
            return;
        }

        if (e.Count < 2 || e[1].ValueKind != JsonValueKind.String)
        {
            admin.CommandIgnored(command, "no room");
            return;
        }

        admin.CommandApplied(command, target, filter);
        var room = e[1].GetString()!;
        var sockets = Select(target, filter);
        await (join ? sockets.SocketsJoinAsync(room) : sockets.SocketsLeaveAsync(room));
    }

    private static async ValueTask DisconnectAsync(AdminInstrumentation admin, SocketIoEvent e)
    {
        if (!TryGetTarget(admin, e, "_disconnect", out var target, out var filter))
        {
            return;
        }

        var close = e.Count > 1 && e[1].ValueKind == JsonValueKind.True;
        admin.CommandApplied("_disconnect", target, filter);
        await Select(target, filter).DisconnectSocketsAsync(close);
    }

    /// <summary>The namespace (first argument) and the room filter (the last of the command's fixed arguments).</summary>
    private static bool TryGetTarget(AdminInstrumentation admin, SocketIoEvent e, string command, out SocketIoNamespace target, out string? filter)
    {
        target = null!;
        filter = null;
        if (e.Count < 1 || e[0].ValueKind != JsonValueKind.String || !admin.TryGetNamespace(e[0].GetString()!, out target))
        {
            admin.CommandIgnored(command, "no such namespace");
            return false;
        }

        var filterIndex = command == "emit" ? 1 : 2;
        if (e.Count > filterIndex && e[filterIndex].ValueKind == JsonValueKind.String && e[filterIndex].GetString() is { Length: > 0 } room)
        {
            filter = room;
        }

        return true;
    }

    private static SocketIoBroadcastOperator Select(SocketIoNamespace target, string? filter) =>
        filter is null ? new SocketIoBroadcastOperator(target) : target.In(filter);
}
