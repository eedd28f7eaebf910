using BenchServer;
using EngineIo;
using SocketIo;

// Our side of the side-by-side benchmarks: the library's defaults and the three bench events of
// benchmarks/reference/server.mjs on "/", nothing else per connection.
//   dotnet BenchServer.dll --urls http://127.0.0.1:<port>      prints "listening <port>" once it accepts connections
//   --recovery                                                  connection state recovery on (off by default, as in Node)
//   ... --parser msgpack                                        socket.io-msgpack-parser's wire format instead of the default
//   ... --admin-password <pw>                                   the admin dashboard's protocol on /admin (user admin)
// --recovery is a bare flag, taken out before the configuration reads the rest (which would take the next argument
// for its value).
var recovery = args.Contains("--recovery", StringComparer.Ordinal);
var builder = WebApplication.CreateSlimBuilder(args.Where(a => a != "--recovery").ToArray());
builder.Logging.SetMinimumLevel(LogLevel.Warning);

// --websocket dense (the default, as in the service): Engine.IO's own WebSocket layer on Kestrel's connection pipe.
// --websocket standard: Kestrel's HTTP upgrade and ASP.NET Core's WebSocket, through the endpoint MapSocketIo maps.
var websocket = builder.Configuration["websocket"] ?? "dense";
if (websocket == "dense")
{
    builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(listen => listen.UseEngineIoWebSockets()));
}
else if (websocket != "standard")
{
    Console.Error.WriteLine($"--websocket must be dense or standard, not '{websocket}'");
    return 1;
}

// As the service ships: a connection's reads, handlers and writes stay on the thread that received the bytes.
builder.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = true);

// As the service ships: once the connections stop arriving, the memory their handshakes used goes back to the system.
builder.Services.AddEngineIoHeapCompaction();
var parser = builder.Configuration["parser"] ?? "default";
if (parser is not ("default" or "msgpack"))
{
    Console.Error.WriteLine($"--parser must be default or msgpack, not '{parser}'");
    return 1;
}

// --admin-password <pw>: the @socket.io/admin-ui dashboard on "/admin" (user "admin"), reachable from any page origin
// (the dashboard connects with credentials, so the origin is echoed); off by default, so that nothing of it is measured.
var adminPassword = builder.Configuration["admin-password"];
builder.Services.AddSocketIo(
    options =>
    {
        options.JsonSerializerOptions.TypeInfoResolverChain.Insert(0, BenchJsonContext.Default);
        options.Parser = parser == "msgpack" ? SocketIoParser.MessagePack : SocketIoParser.Default;
        if (recovery)
        {
            // Node's defaults: a 2 min window, middleware skipped on recovery.
            options.ConnectionStateRecovery = new SocketIoConnectionStateRecoveryOptions();
        }
    },
    engine =>
    {
        if (adminPassword is not null)
        {
            engine.Cors = new EngineIoCorsOptions { AllowCredentials = true };
            engine.Cors.AllowedOrigins.Add("*");
        }
    });
if (adminPassword is not null)
{
    if (adminPassword.Length == 0)
    {
        Console.Error.WriteLine("usage: --admin-password <password>   (not empty)");
        return 2;
    }

    builder.Services.AddSocketIoAdmin(admin => admin.PasswordHash = BCrypt.Net.BCrypt.HashPassword(adminPassword));
}

// --redis <host:port> [--adapter redis|redis-sharded|redis-streams]: one node of a cluster on that Redis
// (benchmarks/reference/cluster.mjs); redis-streams with the adapter's defaults, as the Node twin takes its package's.
var redis = builder.Configuration["redis"];
var adapter = builder.Configuration["adapter"] ?? (redis is null ? null : "redis");
if (adapter is not null)
{
    if (redis is null || !System.Text.RegularExpressions.Regex.IsMatch(redis, @"^[^:\s]+:\d+$") || adapter is not ("redis" or "redis-sharded" or "redis-streams"))
    {
        Console.Error.WriteLine("usage: --redis <host:port> [--adapter redis|redis-sharded|redis-streams]   (--adapter needs --redis)");
        return 2;
    }

    if (adapter == "redis-sharded")
    {
        builder.Services.AddRedisShardedAdapter(redis);
    }
    else if (adapter == "redis-streams")
    {
        builder.Services.AddRedisStreamsAdapter(redis);
    }
    else
    {
        builder.Services.AddRedisAdapter(redis);
    }
}

var app = builder.Build();
app.MapSocketIo();

var io = app.Services.GetRequiredService<ISocketIoServer>();
var benchEvents = new BenchEvents(io);
if (adapter is null)
{
    io.Sockets.OnConnection(benchEvents.OnConnectedAsync);
}
else
{
    var clusterEvents = new ClusterEvents(io);
    io.Sockets.OnConnection(socket =>
    {
        clusterEvents.Attach(socket);
        return benchEvents.OnConnectedAsync(socket);
    });
}

await app.StartAsync();
Console.WriteLine($"listening {new Uri(app.Urls.First()).Port}");
await app.WaitForShutdownAsync();
return 0;
