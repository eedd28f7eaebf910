using ConformanceServer;
using EngineIo;

// Serves the official protocol test suites (socketio/engine.io-protocol test-suite), which expect exactly this:
// localhost:3000, path /engine.io/, ping interval 300 ms, ping timeout 200 ms, maxPayload 1,000,000, open CORS.
var builder = WebApplication.CreateBuilder(args);
if (string.IsNullOrEmpty(builder.Configuration["urls"]))
{
    // The suites hard-code this address; --urls or ASPNETCORE_URLS still override it for other uses.
    builder.WebHost.UseUrls("http://localhost:3000");
}

builder.Services.AddEngineIo(options =>
{
    options.PingInterval = TimeSpan.FromMilliseconds(300);
    options.PingTimeout = TimeSpan.FromMilliseconds(200);
    options.MaxPayload = 1_000_000;
    options.Cors = new EngineIoCorsOptions { AllowCredentials = true };
    options.Cors.AllowedOrigins.Add("*");
});

var app = builder.Build();
app.MapEngineIo("/engine.io", new EchoHandler());
app.Run();
