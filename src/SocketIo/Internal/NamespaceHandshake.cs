using System.Text.Json;
using SocketIo.Protocol;

namespace SocketIo.Internal;

/// <summary>
/// A client's CONNECT to a namespace, from the packet to the answer: the per-connection namespace limit, the
/// namespace's resolution (a dynamic child made on the way), the auth payload, the middleware, then CONNECT with the
/// socket's id or CONNECT_ERROR with the reason. A joined socket then runs its namespace's connection handlers.
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
    /// Joins a namespace, then runs its connection handlers. Only the join counts as a handler in progress: the
    /// connection handlers run once per joined namespace, which the namespace limit bounds already, and an
    /// application may keep one running for the life of the socket.
    /// </summary>
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
            await socket.Namespace.RunConnectionHandlersAsync(socket);
        }
        catch (Exception ex)
        {
            client.Server.OnHandlerFailed(socket.Namespace, "connection", ex);
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
        var id = client.IsProtocolV4 ? ProtocolV4.SocketId(client, nsp.Name) : SocketIds.New();
        var socket = new SocketIoSocket(nsp, client, id, handshake);
        try
        {
            await nsp.RunMiddlewareAsync(socket);
        }
        catch (SocketIoConnectException ex)
        {
            Log.ConnectRefused(server.Logger, nsp.Name, ex.Message);
            SendConnectError(client, nsp.Name, ex.Message, ex.Data);
            return null;
        }
        catch (Exception ex)
        {
            // Only refusals meant for the client are shown to it; anything else stays in the log.
            Log.MiddlewareFailed(server.Logger, nsp.Name, ex);
            SendConnectError(client, nsp.Name, "Internal server error", data: null);
            return null;
        }

        if (!client.Engine.IsOpen)
        {
            return null;
        }

        string? refusal = null;
        ref var sockets = ref client.Sockets;
        lock (sockets.Lock)
        {
            if (sockets.FindLocked(nsp.Name) is not null)
            {
                // Two CONNECTs raced through slow middleware; the reference keeps both, which leaves one unreachable.
                refusal = "Already connected";
            }
            else if (sockets.CountLocked >= server.Options.MaxNamespacesPerConnection)
            {
                // CONNECTs to several namespaces passed the early check together.
                refusal = TooManyNamespaces;
            }
            else
            {
                sockets.AddLocked(socket);
            }
        }

        if (refusal is not null)
        {
            Log.ConnectRefused(server.Logger, nsp.Name, refusal);
            SendConnectError(client, nsp.Name, refusal, data: null);
            return null;
        }

        client.OnNamespaceJoined();
        nsp.Add(socket);
        nsp.Adapter.AddAll(socket.Id, [socket.Id]);
        socket.MarkConnected();
        client.SendPacket(SocketPacketWriter.EncodeControl(SocketPacketType.Connect, nsp.Name, client.IsProtocolV4 ? null : writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("sid", socket.Id);
            writer.WriteEndObject();
        }));
        server.OnSocketConnected(socket);
        return socket;
    }

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
