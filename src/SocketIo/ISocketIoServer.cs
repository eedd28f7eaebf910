using System.Text.RegularExpressions;

namespace SocketIo;

/// <summary>
/// The Socket.IO server, injectable anywhere (controllers, background services) to reach namespaces and emit. Its
/// own members act on the main namespace "/".
/// </summary>
public interface ISocketIoServer
{
    /// <summary>The main namespace "/".</summary>
    SocketIoNamespace Sockets { get; }

    /// <summary>The namespace with this name, created if it does not exist yet.</summary>
    SocketIoNamespace Of(string name);

    /// <summary>A parent namespace: a child is created for every name the pattern matches, when a client asks for it.</summary>
    SocketIoNamespace Of(Regex pattern);

    /// <summary>A parent namespace: a child is created for every name the predicate accepts, when a client asks for it.</summary>
    SocketIoNamespace Of(Func<string, bool> predicate);

    /// <summary>Adds a middleware that runs for every namespace connection, before the namespace's own.</summary>
    ISocketIoServer Use(SocketIoMiddleware middleware);

    /// <summary>Targets the sockets of a room of the main namespace.</summary>
    SocketIoBroadcastOperator To(string room);

    /// <summary>Targets the main namespace's sockets except a room's.</summary>
    SocketIoBroadcastOperator Except(string room);

    /// <summary>Sends an event to every socket of the main namespace.</summary>
    ValueTask EmitAsync(string eventName, params object?[] args);

    /// <summary>Sends an event to the main namespace of every other server (see <see cref="SocketIoNamespace.ServerSideEmitAsync"/>).</summary>
    ValueTask ServerSideEmitAsync(string eventName, params object?[] args);

    /// <summary>Sends an event to every other server and collects their answers (see <see cref="SocketIoNamespace.ServerSideEmitWithAckAsync(string, object?[])"/>).</summary>
    Task<SocketIoServerSideAckResult> ServerSideEmitWithAckAsync(string eventName, params object?[] args);

    /// <summary>Adds a handler for an event other servers emit to the main namespace.</summary>
    ISocketIoServer OnServerSideEmit(string eventName, SocketIoServerSideListener handler);
}
