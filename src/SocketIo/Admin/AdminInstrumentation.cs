using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using EngineIo;
using SocketIo.Internal;

namespace SocketIo.Admin;

/// <summary>
/// The server side of the <c>@socket.io/admin-ui</c> dashboard: the admin namespace, its authentication and commands,
/// the statistics every <see cref="SocketIoAdminOptions.StatsInterval"/>, and, in development mode, every socket's
/// connection, rooms and events as they happen. The server calls its hooks only when it exists, so a server without
/// the dashboard pays nothing.
/// </summary>
/// <remarks>
/// Everything it tells the dashboards goes to the admin namespace through the adapter, as the reference's does: with a
/// multi-node adapter a dashboard connected to any server hears every server, and its commands reach every server's
/// sockets. The list of sockets a dashboard gets when it connects is gathered from every server by a server-side
/// emit with acknowledgement.
/// </remarks>
internal sealed partial class AdminInstrumentation
{
    /// <summary>The server-side event by which one server asks the others for their sockets.</summary>
    internal const string SocketsRequest = "admin:sockets";

    private readonly SocketIoServer _server;
    private readonly SocketIoAdminOptions _options;
    private readonly AdminEventBuffer _events;
    /// <summary>Every open connection, with the transport the dashboards were last told of.</summary>
    private readonly ConcurrentDictionary<SocketIoClient, EngineIoTransports> _clients = new();
    private readonly JsonElement _config;
    private readonly string _serverId;
    private readonly string _hostname;
    private readonly DateTimeOffset _processStart;
    private ITimer? _timer;

    public AdminInstrumentation(SocketIoServer server, SocketIoAdminOptions options)
    {
        options.Validate();
        _server = server;
        _options = options;
        _events = new AdminEventBuffer(server.TimeProvider);
        _hostname = System.Net.Dns.GetHostName();
        _serverId = options.ServerId ?? $"{_hostname}#{Environment.ProcessId}";
        using (var process = Process.GetCurrentProcess())
        {
            _processStart = process.StartTime.ToUniversalTime();
        }

        Development = options.Mode == SocketIoAdminMode.Development;
        _config = AdminJson.Build((options.ReadOnly, Development), static (writer, s) =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("supportedFeatures");
            if (!s.ReadOnly)
            {
                foreach (var feature in (ReadOnlySpan<string>)["EMIT", "JOIN", "LEAVE", "DISCONNECT", "MJOIN", "MLEAVE", "MDISCONNECT"])
                {
                    writer.WriteStringValue(feature);
                }
            }

            writer.WriteStringValue("AGGREGATED_EVENTS");
            if (s.Development)
            {
                writer.WriteStringValue("ALL_EVENTS");
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });

        Namespace = server.Of(options.Namespace);
        if (options.PasswordHash is not null)
        {
            var authenticator = new AdminAuthenticator(options, new AdminSessionStore(server.TimeProvider, options.SessionLifetime));
            Namespace.Use(authenticator.AuthenticateAsync);
        }

        Namespace.OnConnection(OnDashboardConnectedAsync);
        Namespace.OnServerSideEmit(SocketsRequest, e => e.AckAsync(LocalSockets()));
    }

    public SocketIoNamespace Namespace { get; }

    /// <summary>Whether each socket's connection, rooms and events go to the dashboards.</summary>
    public bool Development { get; }

    public void Start()
    {
        // At once, then every interval, as the reference.
        _timer ??= _server.TimeProvider.CreateTimer(static s => ((AdminInstrumentation)s!).EmitStats(), this, TimeSpan.Zero, _options.StatsInterval);
    }

    public void Stop() => Interlocked.Exchange(ref _timer, null)?.Dispose();

    public void OnClientOpened(SocketIoClient client)
    {
        _clients[client] = client.Engine.Transport;
        _events.Push("rawConnection");
    }

    public void OnClientClosed(SocketIoClient client, EngineIoDisconnectReason reason)
    {
        _clients.TryRemove(client, out _);
        _events.Push("rawDisconnection", reason.ToReasonString());
    }

    public void OnPacketIn(int bytes) => _events.PushPacket(outgoing: false, bytes);

    public void OnPacketOut(long bytes) => _events.PushPacket(outgoing: true, bytes);

    public void OnSocketConnected(SocketIoSocket socket)
    {
        if (!Development)
        {
            return;
        }

        Emit("socket_connected", AdminJson.Build(socket, AdminJson.WriteSocket), Now());
    }

    /// <summary>
    /// An event a client sent, before its handlers run: <paramref name="array"/> is <c>[name, ...args]</c>. Called by
    /// the server rather than through <see cref="SocketIoSocket.PrependAny"/>, so that an application's
    /// <c>OffAny()</c> does not silence the dashboard.
    /// </summary>
    public void OnEventReceived(SocketIoSocket socket, System.Text.Json.JsonElement array)
    {
        // The dashboards' own events would echo without end.
        if (Development && socket.Namespace != Namespace)
        {
            Emit("event_received", socket.Namespace.Name, socket.Id, array.Clone(), Now());
        }
    }

    /// <summary>An event sent to this socket alone; broadcasts are not reported, as in the reference.</summary>
    public void OnEventSent(SocketIoSocket socket, string eventName, object?[] args)
    {
        if (Development && socket.Namespace != Namespace)
        {
            Emit("event_sent", socket.Namespace.Name, socket.Id, AdminJson.EventArray(eventName, args, _server.JsonOptions), Now());
        }
    }

    public void OnSocketDisconnected(SocketIoSocket socket, SocketIoDisconnectReason reason)
    {
        if (Development)
        {
            Emit("socket_disconnected", socket.Namespace.Name, socket.Id, reason.ToReasonString(), Now());
        }
    }

    public void OnRoomsJoined(SocketIoNamespace nsp, string socketId, List<string> rooms)
    {
        if (Development)
        {
            var now = Now();
            foreach (var room in rooms)
            {
                Emit("room_joined", nsp.Name, room, socketId, now);
            }
        }
    }

    public void OnRoomsLeft(SocketIoNamespace nsp, string socketId, List<string> rooms)
    {
        if (Development)
        {
            var now = Now();
            foreach (var room in rooms)
            {
                Emit("room_left", nsp.Name, room, socketId, now);
            }
        }
    }

    private string Now() => AdminJson.Timestamp(_server.TimeProvider.GetUtcNow());

    private async ValueTask OnDashboardConnectedAsync(SocketIoSocket socket)
    {
        if (!_options.ReadOnly)
        {
            AdminCommands.Register(this, socket);
        }

        if (socket.Items.TryGetValue(AdminAuthenticator.SessionKey, out var sessionId))
        {
            socket.Items.Remove(AdminAuthenticator.SessionKey);
            await socket.EmitAsync("session", sessionId);
        }

        await socket.EmitAsync("config", _config);
        if (Development)
        {
            await socket.EmitAsync("all_sockets", await AllSocketsAsync());
        }
    }

    /// <summary>This server's sockets in every namespace, then every other server's.</summary>
    private async Task<JsonElement> AllSocketsAsync()
    {
        var local = LocalSockets();
        SocketIoServerSideAckResult others;
        try
        {
            others = await Namespace.ServerSideEmitWithAckAsync(SocketsRequest);
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
        {
            Log.RemoteSocketsFailed(_server.Logger, ex);
            return local;
        }

        if (others.Responses.Count == 0)
        {
            return local;
        }

        return AdminJson.Build((local, others.Responses), static (writer, s) =>
        {
            writer.WriteStartArray();
            foreach (var socket in s.local.EnumerateArray())
            {
                socket.WriteTo(writer);
            }

            foreach (var response in s.Responses)
            {
                if (response.ValueKind == JsonValueKind.Array)
                {
                    foreach (var socket in response.EnumerateArray())
                    {
                        socket.WriteTo(writer);
                    }
                }
            }

            writer.WriteEndArray();
        });
    }

    internal JsonElement LocalSockets() => AdminJson.Build(_server, static (writer, server) =>
    {
        writer.WriteStartArray();
        foreach (var nsp in server.Namespaces)
        {
            foreach (var (_, socket) in nsp.Sockets)
            {
                AdminJson.WriteSocket(writer, socket);
            }
        }

        writer.WriteEndArray();
    });

    /// <summary>
    /// Sends this server's statistics; in development mode it first tells the dashboards of the connections that
    /// changed transport since (the engine raises no event for an upgrade, so each tick looks).
    /// </summary>
    internal void EmitStats()
    {
        try
        {
            var clients = 0;
            var polling = 0;
            foreach (var (client, told) in _clients)
            {
                clients++;
                var transport = client.Engine.Transport;
                if (transport == EngineIoTransports.Polling)
                {
                    polling++;
                }

                if (transport != told && _clients.TryUpdate(client, transport, told) && Development)
                {
                    foreach (var socket in client.Sockets.Snapshot(client.Lock))
                    {
                        Emit("socket_updated", AdminJson.Build((socket, transport), static (writer, s) =>
                        {
                            writer.WriteStartObject();
                            writer.WriteString("id", s.socket.Id);
                            writer.WriteString("nsp", s.socket.Namespace.Name);
                            writer.WriteString("transport", AdminJson.TransportName(s.transport));
                            writer.WriteEndObject();
                        }));
                    }
                }
            }

            var stats = AdminJson.Build((this, clients, polling), static (writer, s) =>
            {
                var self = s.Item1;
                writer.WriteStartObject();
                writer.WriteString("serverId", self._serverId);
                writer.WriteString("hostname", self._hostname);
                writer.WriteNumber("pid", Environment.ProcessId);
                writer.WriteNumber("uptime", Math.Max(0, (self._server.TimeProvider.GetUtcNow() - self._processStart).TotalSeconds));
                writer.WriteNumber("clientsCount", s.clients);
                writer.WriteNumber("pollingClientsCount", s.polling);
                writer.WritePropertyName("aggregatedEvents");
                self._events.WriteAndClear(writer);
                writer.WriteStartArray("namespaces");
                foreach (var nsp in self._server.Namespaces)
                {
                    writer.WriteStartObject();
                    writer.WriteString("name", nsp.Name);
                    writer.WriteNumber("socketsCount", nsp.Sockets.Count);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            });
            Emit("server_stats", stats);
        }
        catch (Exception ex)
        {
            Log.StatsFailed(_server.Logger, ex);
        }
    }

    /// <summary>Tells every dashboard, on every server. Never throws: the dashboards must not break what they watch.</summary>
    internal void Emit(string eventName, params object?[] args)
    {
        try
        {
            var emit = new SocketIoBroadcastOperator(Namespace).EmitAsync(eventName, args);
            if (!emit.IsCompletedSuccessfully)
            {
                _ = ObserveAsync(emit, eventName);
            }
        }
        catch (Exception ex)
        {
            Log.EmitFailed(_server.Logger, eventName, ex);
        }
    }

    private async Task ObserveAsync(ValueTask emit, string eventName)
    {
        try
        {
            await emit;
        }
        catch (Exception ex)
        {
            Log.EmitFailed(_server.Logger, eventName, ex);
        }
    }

    internal void CommandIgnored(string command, string reason) => Log.CommandIgnored(_server.Logger, command, reason);

    internal void CommandApplied(string command, SocketIoNamespace target, string? filter) => Log.Command(_server.Logger, command, target.Name, filter);

    internal bool TryGetNamespace(string name, out SocketIoNamespace nsp) => _server.TryGetNamespace(name, out nsp);
}
