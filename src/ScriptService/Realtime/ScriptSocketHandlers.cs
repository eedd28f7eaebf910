using System.Text.Json;
using Microsoft.Extensions.Options;
using ScriptService.Jobs;
using ScriptService.Security;
using SocketIo;

namespace ScriptService.Realtime;

/// <summary>
/// The socket contract of the client guide on the main namespace: <c>connection_ack</c> on connect, then
/// <c>register</c>/<c>unregister</c> with acks, and a finished job's <c>scriptResult</c> replayed on registration.
/// </summary>
/// <remarks>
/// The handlers read their arguments as raw JSON and check them without throwing (<see cref="JobId.TryValidate(JsonElement, out string, out string)"/>):
/// any value a client sends, a lone surrogate included, gets an error ack, and nothing in the log.
/// </remarks>
internal sealed partial class ScriptSocketHandlers(
    ISocketIoServer io,
    IJobStore store,
    TokenValidator tokens,
    ServiceState state,
    IOptions<ScriptServiceOptions> options,
    ILogger<ScriptSocketHandlers> logger)
{
    private readonly int _maxRegistrations = options.Value.MaxRegistrationsPerSocket;
    private readonly int _maxConnections = options.Value.MaxConnections ?? int.MaxValue;

    // Built once and shared by every socket, which holds the set itself: a method group converted per connection
    // would be two delegates each, and handlers added one by one a table and an array per event each.
    private SocketIoEventHandlers? _handlers;

    public void Attach()
    {
        _handlers = SocketIoEventHandlers.Empty.On("register", RegisterAsync).On("unregister", UnregisterAsync);
        io.Sockets.Use(AuthenticateAsync);
        io.Sockets.OnConnection(OnConnectedAsync);
    }

    /// <summary>
    /// The service's authentication scheme (<see cref="ScriptAuthentication"/>) for a socket: the token of its CONNECT
    /// auth payload when it sends one; otherwise the user the Engine.IO handshake authenticated as (a bearer token on
    /// the handshake request, or a 2.x client's query token); otherwise a 2.x client's query token read here, for a
    /// handshake that did not pass through the HTTP pipeline (a WebSocket on the connection pipe).
    /// </summary>
    private ValueTask AuthenticateAsync(SocketIoSocket socket)
    {
        string? userId = null;
        if (tokens.IsEnabled)
        {
            var auth = socket.Handshake.Auth;
            string? user;
            if (auth.ValueKind == JsonValueKind.Object && auth.TryGetProperty("token", out var value))
            {
                var token = value.ValueKind == JsonValueKind.String && JsonText.TryGetString(value, out var text) ? text : null;
                user = tokens.TryValidate(token, out var validated) ? validated : null;
            }
            else if (ScriptAuthentication.UserIdOf(socket.Handshake.User) is { } handshakeUser)
            {
                user = handshakeUser;
            }
            else
            {
                user = socket.EngineIoProtocol == 3 && socket.Handshake.Query.TryGetValue("token", out var queried) && queried.Count == 1
                    && tokens.TryValidate(queried[0], out var validated) ? validated : null;
            }

            userId = user ?? throw new SocketIoConnectException("Authentication failed: a valid token is required in the auth payload.");
        }

        // Only the user id, which the token check allocated anyway: the socket's state waits for its first registration.
        socket.Data = userId;
        return default;
    }

    private async ValueTask OnConnectedAsync(SocketIoSocket socket)
    {
        var refusal = state.IsDraining ? "The server is shutting down; reconnect shortly."
            : io.Sockets.Sockets.Count > _maxConnections ? "The server is at capacity; reconnect shortly."
            : null;
        if (refusal is not null)
        {
            await socket.EmitAsync("connection_ack", new ConnectionAck("error", null, refusal));
            await socket.DisconnectAsync();
            return;
        }

        socket.On(_handlers!);
        await socket.EmitAsync("connection_ack", new ConnectionAck("success", socket.Id, null));
        if (socket.Recovered)
        {
            await CatchUpAsync(socket);
        }
    }

    /// <summary>
    /// A recovered socket has been sent what it missed while its results were sent to it, connected or not; a job
    /// that finished while it was gone from its rooms was not, and is sent now, once (the socket's restored state
    /// knows which results it has had).
    /// </summary>
    private async Task CatchUpAsync(SocketIoSocket socket)
    {
        Log.Recovered(logger, socket.Id);

        // A socket that never registered has no state to catch up on.
        if (socket.Data is not SocketState socketState)
        {
            return;
        }

        socketState.Resume(socket);
        foreach (var jobId in socketState.Registered())
        {
            var job = await store.GetAsync(JobAccess.Key(socketState.UserId, jobId), CancellationToken.None);
            if (job?.ReadResult() is { } result)
            {
                await ResultDelivery.DeliverAsync(socket, jobId, ScriptResultMessage.From(jobId, result));
            }
        }
    }

    private async ValueTask RegisterAsync(SocketIoEvent e)
    {
        var socket = e.Socket;
        if (!TryReadJobId(e, out var jobId, out var error))
        {
            await e.AckAsync(RegistrationAck.Error(error));
            return;
        }

        // The id names a job among the socket's own user's: registering another user's id is the same as registering
        // an id nobody has used yet (legal, as a client registers before it posts), and reveals nothing.
        var socketState = SocketState.GetOrCreate(socket);
        var key = JobAccess.Key(socketState.UserId, jobId);
        if (!socketState.TryRegister(jobId, _maxRegistrations))
        {
            await e.AckAsync(RegistrationAck.Error($"A socket may be registered for at most {_maxRegistrations} jobs."));
            return;
        }

        socket.Join(ResultDelivery.Room(key));
        Log.Registered(logger, socket.Id, jobId);
        await e.AckAsync(RegistrationAck.Success(jobId));

        // A job that finished before this registration (a late client, a reconnect) is replayed to it.
        JobRecord? job;
        try
        {
            job = await store.GetAsync(key, CancellationToken.None);
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or IOException)
        {
            // The store cannot be read (Redis unreachable): nothing to replay now; registering again replays it.
            Log.ReplayUnavailable(logger, socket.Id, jobId, ex.Message);
            return;
        }

        if (job?.ReadResult() is { } result)
        {
            await ResultDelivery.DeliverAsync(socket, jobId, ScriptResultMessage.From(jobId, result));
        }
    }

    private async ValueTask UnregisterAsync(SocketIoEvent e)
    {
        if (!TryReadJobId(e, out var jobId, out var error))
        {
            await e.AckAsync(RegistrationAck.Error(error));
            return;
        }

        e.Socket.Leave(ResultDelivery.Room(JobAccess.Key(SocketState.UserOf(e.Socket), jobId)));
        (e.Socket.Data as SocketState)?.Unregister(jobId);
        await e.AckAsync(RegistrationAck.Success(jobId));
    }

    private static bool TryReadJobId(SocketIoEvent e, out string jobId, out string error)
    {
        if (e.Count == 0)
        {
            jobId = string.Empty;
            error = "jobId is required.";
            return false;
        }

        return JobId.TryValidate(e[0], out jobId, out error);
    }
}
