using System.Text.Json;
using SocketIo.Adapters;
using SocketIo.Protocol;

namespace SocketIo.Internal;

/// <summary>
/// A client's CONNECT to a namespace, from the packet to the answer: the per-connection namespace limit, the
/// namespace's resolution (a dynamic child made on the way), the auth payload, the session it names when connection
/// state recovery is on, the middleware, then CONNECT with the socket's id (and private session id) or CONNECT_ERROR
/// with the reason. A joined socket then runs its namespace's connection handlers.
/// </summary>
internal static partial class NamespaceHandshake
{
    private const string TooManyNamespaces = "Too many namespaces";
    private const string InvalidNamespace = "Invalid namespace";

    /// <summary>
    /// Starts the CONNECT of a namespace the connection has not joined. Middleware may take its time (a database, a
    /// token service): packets of other namespaces go on meanwhile.
    /// </summary>
    /// <returns>Completes when the reader may go on: at once, unless the connection's handlers in progress are at the limit.</returns>
    public static ValueTask StartAsync(SocketIoClient client, string name, ReadOnlyMemory<byte> payload)
    {
        if (client.SocketCount >= client.Server.Options.MaxNamespacesPerConnection)
        {
            RefuseOverLimit(client, name);
            return default;
        }

        client.BeginHandler();
        SocketIoClient.Observe(ConnectAsync(client, name, payload.ToArray(), auth: null));
        return client.WaitForHandlerSlot();
    }

    /// <summary>
    /// Starts a protocol v4 CONNECT (socket.io-client 2.x), whose auth came in the namespace's query string, or the
    /// join to "/" that the server makes for such a client as soon as it connects.
    /// </summary>
    public static ValueTask StartAsync(SocketIoClient client, string name, JsonElement auth)
    {
        if (client.SocketCount >= client.Server.Options.MaxNamespacesPerConnection)
        {
            RefuseOverLimit(client, name);
            return default;
        }

        client.BeginHandler();
        SocketIoClient.Observe(ConnectAsync(client, name, [], auth));
        return client.WaitForHandlerSlot();
    }

    /// <summary>
    /// Joins a namespace, then starts its connection handlers. Only the join counts as a handler in progress: the
    /// connection handlers run once per joined namespace, which the namespace limit bounds already, and an
    /// application may keep one running for the life of the socket.
    /// </summary>
    /// <remarks>
    /// From the socket's addition until every connection handler has started, the connection's reader waits (see
    /// <see cref="JoinGate"/>): an event the client sends on reading the CONNECT answer then finds the listeners that
    /// the handlers register before their first await, as in the reference, even when the middleware completed on
    /// another thread and the reader went on meanwhile.
    /// </remarks>
    private static async ValueTask ConnectAsync(SocketIoClient client, string name, byte[] payload, JsonElement? auth)
    {
        SocketIoSocket? socket;
        try
        {
            socket = await JoinAsync(client, name, payload, auth);
        }
        finally
        {
            client.EndHandler();
        }

        if (socket is null)
        {
            return;
        }

        try
        {
            socket.Namespace.StartConnectionHandlers(socket);
        }
        finally
        {
            client.EndJoin();
        }
    }

    /// <summary>Runs the middleware and, if it lets the socket in, adds it and answers the CONNECT; null if refused.</summary>
    private static async ValueTask<SocketIoSocket?> JoinAsync(SocketIoClient client, string name, byte[] payload, JsonElement? auth)
    {
        var nsp = client.Server.ResolveNamespace(name);
        if (nsp is null)
        {
            SendConnectError(client, name, InvalidNamespace, data: null);
            return null;
        }

        try
        {
            return await JoinAsync(client, nsp, payload, auth);
        }
        finally
        {
            // A dynamic child that no socket ever joined is removed here.
            client.Server.EndJoin(nsp);
        }
    }

    private static async ValueTask<SocketIoSocket?> JoinAsync(SocketIoClient client, SocketIoNamespace nsp, byte[] payload, JsonElement? presetAuth)
    {
        JsonElement auth;
        try
        {
            auth = presetAuth ?? (payload.Length == 0 ? SocketIoNamespace.EmptyAuth : ParseAuth(payload));
        }
        catch (JsonException)
        {
            client.ReportParseError();
            return null;
        }

        var server = client.Server;
        var handshake = new SocketIoHandshake(client.Engine.Handshake, auth, server.TimeProvider.GetUtcNow());
        var recovery = server.Options.ConnectionStateRecovery;
        // Protocol v4 (socket.io-client 2.x) has no recovery: its CONNECT answer carries no pid.
        var sessions = recovery is null || client.IsProtocolV4 ? null : nsp.Adapter as ISocketIoSessionAwareAdapter;
        var restored = sessions is null ? null : await RestoreAsync(server, nsp, sessions, auth);
        if (restored is not null && !FitsTheQueue(server, restored))
        {
            Log.TooMuchMissed(server.Logger, nsp.Name, restored.MissedPackets.Count);
            Abandon(nsp, restored);
            restored = null;
        }
        var socket = restored is null
            ? sessions is null
                ? new SocketIoSocket(nsp, client, client.IsProtocolV4 ? ProtocolV4.SocketId(client, nsp.Name) : SocketIds.New(), handshake)
                : new SocketIoSocket(nsp, client, SocketIds.New(), handshake, SharedSource.PackedId.New())
            : new SocketIoSocket(nsp, client, restored.Session.Id, handshake, restored.Session.PrivateId, recovered: true) { Data = restored.Session.Data };
        if (restored is null || !recovery!.SkipMiddlewares)
        {
            try
            {
                await nsp.RunMiddlewareAsync(socket);
            }
            catch (SocketIoConnectException ex)
            {
                Log.ConnectRefused(server.Logger, nsp.Name, ex.Message);
                Abandon(nsp, restored);
                SendConnectError(client, nsp.Name, ex.Message, ex.Data);
                return null;
            }
            catch (Exception ex)
            {
                // Only refusals meant for the client are shown to it; anything else stays in the log.
                Log.MiddlewareFailed(server.Logger, nsp.Name, ex);
                Abandon(nsp, restored);
                SendConnectError(client, nsp.Name, "Internal server error", data: null);
                return null;
            }
        }

        if (!client.Engine.IsOpen)
        {
            Abandon(nsp, restored);
            return null;
        }

        string? refusal = null;
        ref var sockets = ref client.Sockets;
        lock (client.Lock)
        {
            if (sockets.FindLocked(client.Lock, nsp.Name) is not null)
            {
                // Two CONNECTs raced through slow middleware; the reference keeps both, which leaves one unreachable.
                refusal = "Already connected";
            }
            else if (sockets.CountLocked(client.Lock) >= server.Options.MaxNamespacesPerConnection)
            {
                // CONNECTs to several namespaces passed the early check together.
                refusal = TooManyNamespaces;
            }
            else
            {
                sockets.AddLocked(socket);
                // Before the CONNECT answer, which the client may answer at once; ConnectAsync opens it again.
                client.BeginJoin();
            }
        }

        if (refusal is not null)
        {
            Log.ConnectRefused(server.Logger, nsp.Name, refusal);
            Abandon(nsp, restored);
            SendConnectError(client, nsp.Name, refusal, data: null);
            return null;
        }

        try
        {
            client.OnNamespaceJoined();
            if (restored is null)
            {
                nsp.Add(socket);
                nsp.Adapter.AddAll(socket.Id, [socket.Id]);
                socket.MarkConnected();
                SendConnect(client, socket);
            }
            else
            {
                Reconnect(client, socket, restored);
            }

            server.OnSocketConnected(socket);
        }
        catch
        {
            // No connection handler will start: the reader must not wait for one.
            client.EndJoin();
            throw;
        }

        return socket;
    }

    /// <summary>
    /// Takes back the session the client's CONNECT names (<c>pid</c> and <c>offset</c> in its auth payload, which
    /// socket.io-client adds when it reconnects); null when it names none or it cannot be restored.
    /// </summary>
    private static async ValueTask<SocketIoRecoveredSession?> RestoreAsync(SocketIoServer server, SocketIoNamespace nsp, ISocketIoSessionAwareAdapter sessions, JsonElement auth)
    {
        string privateId, lastOffset;
        try
        {
            if (auth.ValueKind != JsonValueKind.Object
                || !auth.TryGetProperty("pid", out var pid) || pid.ValueKind != JsonValueKind.String
                || !auth.TryGetProperty("offset", out var offset) || offset.ValueKind != JsonValueKind.String)
            {
                return null;
            }

            privateId = pid.GetString()!;
            lastOffset = offset.GetString()!;
        }
        catch (InvalidOperationException)
        {
            // A property name, pid or offset that is not valid UTF-16 (a lone surrogate) names no session; the
            // payload is the application's to judge.
            return null;
        }

        try
        {
            var restored = await sessions.RestoreSessionAsync(privateId, lastOffset, CancellationToken.None);
            if (restored is null)
            {
                Log.NotRecovered(server.Logger, nsp.Name);
            }

            return restored;
        }
        catch (Exception ex)
        {
            // As in the reference: a store that fails makes a new socket, not a refused one.
            Log.RestoreFailed(server.Logger, nsp.Name, ex);
            return null;
        }
    }

    /// <summary>
    /// Brings a recovered socket back: it is made a target of broadcasts again (holding what they send), its rooms
    /// are added back, which completes the packets it missed; those go out first, then the CONNECT answer, as in the
    /// reference (the client delivers what came before it once connected), then what was held meanwhile.
    /// </summary>
    private static void Reconnect(SocketIoClient client, SocketIoSocket socket, SocketIoRecoveredSession restored)
    {
        var nsp = socket.Namespace;
        socket.BeginHold();
        nsp.Add(socket);
        socket.MarkConnected();
        nsp.Adapter.AddAll(socket.Id, restored.Session.Rooms.Contains(socket.Id) ? restored.Session.Rooms : [.. restored.Session.Rooms, socket.Id]);
        foreach (var packet in restored.MissedPackets)
        {
            client.Codec.Send(client.Engine, packet, compress: true, isVolatile: false);
        }

        SendConnect(client, socket);
        socket.ReleaseHeld();
        Log.Recovered(client.Server.Logger, socket.Id, nsp.Name, restored.MissedPackets.Count);
    }

    private static bool FitsTheQueue(SocketIoServer server, SocketIoRecoveredSession restored)
    {
        var messages = 0;
        long bytes = 0;
        foreach (var packet in restored.MissedPackets)
        {
            messages += 1 + packet.Attachments.Count;
            bytes += packet.Text.Length;
            foreach (var attachment in packet.Attachments)
            {
                bytes += attachment.Length;
            }
        }

        return messages <= server.MaxReplayMessages && bytes <= server.MaxReplayBytes;
    }

    /// <summary>A recovered socket that does not join after all: its adapter stops collecting what it misses.</summary>
    private static void Abandon(SocketIoNamespace nsp, SocketIoRecoveredSession? restored)
    {
        if (restored is not null)
        {
            nsp.Adapter.DelAll(restored.Session.Id);
        }
    }

    /// <summary>The CONNECT answer: <c>{sid}</c>, and <c>pid</c> (the private session id) when recovery is on.</summary>
    private static void SendConnect(SocketIoClient client, SocketIoSocket socket) =>
        client.SendPacket(SocketPacketWriter.EncodeControl(SocketPacketType.Connect, socket.Namespace.Name, client.IsProtocolV4 ? null : writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("sid", socket.Id);
            if (socket.PrivateId is { } pid)
            {
                writer.WriteString("pid", pid);
            }

            writer.WriteEndObject();
        }));

    /// <summary>
    /// Refuses a CONNECT beyond <see cref="SocketIoOptions.MaxNamespacesPerConnection"/>; the connection stays. A name
    /// that matches no namespace is told so, as below the limit, and no dynamic namespace is created for it.
    /// </summary>
    private static void RefuseOverLimit(SocketIoClient client, string name)
    {
        if (!client.Server.CanResolve(name))
        {
            SendConnectError(client, name, InvalidNamespace, data: null);
            return;
        }

        Log.ConnectRefused(client.Server.Logger, name, TooManyNamespaces);
        SendConnectError(client, name, TooManyNamespaces, data: null);
    }

    /// <summary>Parses the whole payload (trailing text after the object is an error) into an element that owns its data.</summary>
    private static JsonElement ParseAuth(byte[] payload)
    {
        using var document = JsonDocument.Parse(payload);
        return document.RootElement.Clone();
    }

    /// <remarks>
    /// In protocol v4 the packet (ERROR there) carries the refusal's data if it has any worth the name, else its message
    /// as a string, which socket.io-client 2.x hands to its <c>error</c> event as it is.
    /// </remarks>
    private static void SendConnectError(SocketIoClient client, string nsp, string message, JsonElement? data) =>
        client.SendPacket(SocketPacketWriter.EncodeControl(SocketPacketType.ConnectError, nsp, client.IsProtocolV4 ? writer =>
        {
            if (data is { } value && IsTruthy(value))
            {
                value.WriteTo(writer);
            }
            else
            {
                writer.WriteStringValue(message);
            }
        }
        : writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("message", message);
            if (data is { } value)
            {
                writer.WritePropertyName("data");
                value.WriteTo(writer);
            }

            writer.WriteEndObject();
        }));

    /// <summary>What JavaScript's <c>||</c> would keep: the reference sends <c>err.data || err.message</c>.</summary>
    private static bool IsTruthy(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Undefined or JsonValueKind.Null or JsonValueKind.False => false,
        JsonValueKind.String => value.GetString()!.Length > 0,
        JsonValueKind.Number => value.GetDouble() != 0,
        _ => true,
    };
}
