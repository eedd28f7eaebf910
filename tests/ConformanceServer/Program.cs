using ConformanceServer;
using EngineIo;
using SocketIo;

// Serves the official protocol test suites (socketio/engine.io-protocol and socketio/socket.io-protocol), which
// expect exactly this: localhost:3000, ping interval 300 ms, ping timeout 200 ms, maxPayload 1,000,000, open CORS;
// Engine.IO at /engine.io/ echoing every message, Socket.IO at /socket.io/ with namespaces "/" and "/custom" and a
// 1 s connect timeout.
var builder = WebApplication.CreateBuilder(args);
if (string.IsNullOrEmpty(builder.Configuration["urls"]))
{
    // The suites hard-code this address; --urls or ASPNETCORE_URLS still override it for other uses.
    builder.WebHost.UseUrls("http://localhost:3000");
}

// --websocket dense: WebSockets on Engine.IO's own layer on the connection pipe, so the suites check that path too.
if (builder.Configuration["websocket"] == "dense")
{
    builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(listen => listen.UseEngineIoWebSockets()));
}

builder.Services.AddSocketIo(
    options => options.ConnectTimeout = TimeSpan.FromMilliseconds(1000),
    engine =>
    {
        engine.PingInterval = TimeSpan.FromMilliseconds(300);
        engine.PingTimeout = TimeSpan.FromMilliseconds(200);
        engine.MaxPayload = 1_000_000;
        engine.Cors = new EngineIoCorsOptions { AllowCredentials = true };
        engine.Cors.AllowedOrigins.Add("*");
    });

var app = builder.Build();
app.MapEngineIo("/engine.io", new EchoHandler());
app.MapSocketIo("/socket.io");

var io = app.Services.GetRequiredService<ISocketIoServer>();
io.Of("/").OnConnection(SocketIoEcho.OnConnectionAsync);
io.Of("/custom").OnConnection(SocketIoEcho.OnConnectionAsync);

app.Run();
