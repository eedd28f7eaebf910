using BenchServer;
using SocketIo;

// Our side of the side-by-side benchmarks: the library's defaults and the three bench events of
// benchmarks/reference/server.mjs on "/", nothing else per connection.
//   dotnet BenchServer.dll --urls http://127.0.0.1:<port>      prints "listening <port>" once it accepts connections
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);

// WebSockets take the standard path: Kestrel's HTTP upgrade, through the endpoint MapSocketIo maps.
builder.Services.AddSocketIo(options => options.JsonSerializerOptions.TypeInfoResolverChain.Insert(0, BenchJsonContext.Default));

var app = builder.Build();
app.MapSocketIo();

var io = app.Services.GetRequiredService<ISocketIoServer>();
io.Sockets.OnConnection(new BenchEvents(io).OnConnectedAsync);

await app.StartAsync();
Console.WriteLine($"listening {new Uri(app.Urls.First()).Port}");
await app.WaitForShutdownAsync();
