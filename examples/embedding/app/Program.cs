using System.Net;
using System.Text.Json.Serialization;
using SocketIo;

// What an app that takes the SocketIo package does: register and map Socket.IO, then a /chat namespace whose
// middleware wants a name, an event answered with an acknowledgement, and a broadcast to a room.
var builder = WebApplication.CreateBuilder(args);
builder.Services.AddSocketIo(options => options.JsonSerializerOptions.TypeInfoResolverChain.Insert(0, ChatJson.Default));

// The dense WebSocket path, which is how the service runs: the listener serves Engine.IO WebSockets on the Kestrel
// connection itself, and everything else (polling, other endpoints) through the usual HTTP pipeline. --port 0 lets
// the system pick a free port; the line printed once the app listens names it.
var port = builder.Configuration.GetValue("port", 3000);
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen => listen.UseEngineIoWebSockets()));

var app = builder.Build();
app.MapSocketIo("/socket.io");

var chat = app.Services.GetRequiredService<ISocketIoServer>().Of("/chat");
chat.Use(socket =>
{
    // Runs before the socket joins the namespace; the exception's message is the client's connect_error.
    if (!socket.Handshake.Auth.TryGetProperty("name", out var name) || name.GetString() is not { Length: > 0 })
    {
        throw new SocketIoConnectException("name required");
    }

    socket.Data = name.GetString();
    return ValueTask.CompletedTask;
});
chat.OnConnection(socket =>
{
    var name = (string)socket.Data!;
    socket.On<string>("join", async (room, e) =>
    {
        if (room is not { Length: > 0 })
        {
            await e.AckAsync(new Refused("room required"));
            return;
        }

        socket.Join(room);
        await e.AckAsync(new Joined(room));
    });
    socket.On<Say>("say", async (say, e) =>
    {
        if (say is not { Room.Length: > 0, Text: not null })
        {
            await e.AckAsync(new Refused("room and text required"));
            return;
        }

        // The room's other members get the message; the sender gets the acknowledgement, which is sent only once
        // the broadcast has been handed to every member's connection.
        var said = new Said(name, say.Text);
        await socket.To(say.Room).EmitAsync("said", said);
        await e.AckAsync(said);
    });
    return ValueTask.CompletedTask;
});

await app.StartAsync();
Console.WriteLine($"listening on {app.Urls.First()}");
await app.WaitForShutdownAsync();

internal sealed record Say(string Room, string Text);

internal sealed record Said(string From, string Text);

internal sealed record Joined(string Room);

internal sealed record Refused(string Error);

[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(Say))]
[JsonSerializable(typeof(Said))]
[JsonSerializable(typeof(Joined))]
[JsonSerializable(typeof(Refused))]
internal sealed partial class ChatJson : JsonSerializerContext;
