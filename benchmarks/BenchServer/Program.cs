using BenchServer;
using SocketIo;

// Our side of the side-by-side benchmarks: the library's defaults and the three bench events of
// benchmarks/reference/server.mjs on "/", nothing else per connection.
//   dotnet BenchServer.dll --urls http://127.0.0.1:<port>      prints "listening <port>" once it accepts connections
//   ... --parser msgpack                                        socket.io-msgpack-parser's wire format instead of the default
var builder = WebApplication.CreateSlimBuilder(args);
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

builder.Services.AddSocketIo(options =>
{
    options.JsonSerializerOptions.TypeInfoResolverChain.Insert(0, BenchJsonContext.Default);
    options.Parser = parser == "msgpack" ? SocketIoParser.MessagePack : SocketIoParser.Default;
});

// --redis <host:port> [--adapter redis|redis-sharded]: one node of a cluster on that Redis (benchmarks/reference/cluster.mjs).
var redis = builder.Configuration["redis"];
var adapter = builder.Configuration["adapter"] ?? (redis is null ? null : "redis");
if (adapter is not null)
{
    if (redis is null || !System.Text.RegularExpressions.Regex.IsMatch(redis, @"^[^:\s]+:\d+$") || adapter is not ("redis" or "redis-sharded"))
    {
        Console.Error.WriteLine("usage: --redis <host:port> [--adapter redis|redis-sharded]   (--adapter needs --redis)");
        return 2;
    }

    if (adapter == "redis-sharded")
    {
        builder.Services.AddRedisShardedAdapter(redis);
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
