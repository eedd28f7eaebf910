// The client guide's flow (docs/client-guide.md) with SocketIOClient:
// connect -> connection_ack -> register(jobId) -> ack -> POST /api/scripts -> scriptResult.
//
//   dotnet run --project examples/dotnet-client -- [serverUrl] [topic]
//
// Set SCRIPTSERVICE_TOKEN when the server requires authentication.
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using SocketIOClient;
using SocketIOClient.Transport;

var serverUrl = args.Length > 0 ? args[0] : "http://localhost:3000";
var topic = args.Length > 1 ? args[1] : "Năng lượng mặt trời cho hộ gia đình";
var token = Environment.GetEnvironmentVariable("SCRIPTSERVICE_TOKEN");
var jobId = "job_" + DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

using var socket = new SocketIOClient.SocketIO(new Uri(serverUrl), new SocketIOOptions
{
    Transport = TransportProtocol.WebSocket,
    Reconnection = true,
    ReconnectionAttempts = 5,
    ReconnectionDelay = 1000,
    Auth = token is null ? null : new { token },
});

var registered = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
var result = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);

// Every connection, a reconnection included, starts with connection_ack. Registering on each one means a client that
// reconnects still gets its result: the server replays a finished job's result to a new registration.
socket.On("connection_ack", response =>
{
    var ack = response.GetValue<JsonElement>();
    if (ack.GetProperty("status").GetString() != "success")
    {
        registered.TrySetException(new InvalidOperationException($"connection refused: {ack.GetProperty("message")}"));
        return;
    }

    Console.WriteLine($"connected as {ack.GetProperty("socketId")}");
    _ = RegisterAsync();
});
socket.On("scriptProgress", response =>
{
    var progress = response.GetValue<JsonElement>();
    Console.WriteLine($"progress {progress.GetProperty("stage")} {progress.GetProperty("progress")}%");
});
socket.On("scriptResult", response => result.TrySetResult(response.GetValue<JsonElement>()));
socket.OnError += (_, error) => registered.TrySetException(new InvalidOperationException($"connect_error: {error}"));

try
{
    await socket.ConnectAsync().WaitAsync(TimeSpan.FromSeconds(30));

    // Post only once the registration is acknowledged, so the result cannot come before the socket listens for it.
    var reply = await registered.Task.WaitAsync(TimeSpan.FromSeconds(30));
    if (reply.GetProperty("status").GetString() != "success")
    {
        throw new InvalidOperationException($"register failed: {reply.GetProperty("message")}");
    }

    Console.WriteLine($"registered {reply.GetProperty("jobId")}");

    using var http = new HttpClient { BaseAddress = new Uri(serverUrl), Timeout = TimeSpan.FromSeconds(30) };
    if (token is not null)
    {
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    using var response = await http.PostAsJsonAsync("/api/scripts", new
    {
        jobId,
        userId = "user123",
        topic,
        audience = "general",
        style = "informative",
        sources = Array.Empty<string>(),
        language = "vi",
        length = "medium",
    });
    Console.WriteLine($"POST /api/scripts: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    if (response.StatusCode != System.Net.HttpStatusCode.Accepted)
    {
        throw new InvalidOperationException("the job was not accepted");
    }

    var message = await result.Task.WaitAsync(TimeSpan.FromSeconds(150));
    if (message.GetProperty("status").GetInt32() != 201)
    {
        throw new InvalidOperationException($"generation failed: {message.GetProperty("error")}");
    }

    var data = message.GetProperty("data");
    Console.WriteLine($"\n# {data.GetProperty("title")}\n\n{data.GetProperty("description")}\n\n{data.GetProperty("script")}");
    return 0;
}
catch (Exception ex)
{
    Console.Error.WriteLine(ex.Message);
    return 1;
}
finally
{
    await socket.DisconnectAsync();
}

async Task RegisterAsync()
{
    try
    {
        await socket.EmitAsync("register", reply => registered.TrySetResult(reply.GetValue<JsonElement>()), jobId);
    }
    catch (Exception ex)
    {
        registered.TrySetException(ex);
    }
}
