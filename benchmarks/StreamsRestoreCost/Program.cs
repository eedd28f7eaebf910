using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SocketIo;
using SocketIo.Adapters;
using StackExchange.Redis;

// What one connection state recovery restore costs on the Redis Streams adapter as the stream grows, against the way
// Node's @socket.io/redis-streams-adapter 0.3 reads (one XRANGE from the offset to "+" without COUNT, every entry of
// the namespace decoded). A real server with AddRedisStreamsAdapter, driven through the public adapter contract
// (PersistSession, RestoreSessionAsync), on a real redis-server given by --redis. The stream holds L entries, one in
// ten for the client's room, the rest for other rooms and another namespace; the client's offset is N entries before
// the end. Prints a Markdown table (docs/benchmarks.md).
//
//   dotnet run -c Release --project benchmarks/StreamsRestoreCost -- --redis 127.0.0.1:6379 [--lengths 1000,10000,100000] [--runs 7]
var redis = Arg("--redis") ?? throw new ArgumentException("--redis host:port is required");
var lengths = (Arg("--lengths") ?? "1000,10000,100000").Split(',').Select(static s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
var runs = int.Parse(Arg("--runs") ?? "7", CultureInfo.InvariantCulture);

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.UseUrls("http://127.0.0.1:0");
var stream = "restore-cost-" + Guid.NewGuid().ToString("N")[..8];
builder.Services.AddRedisStreamsAdapter(redis, o =>
{
    o.StreamName = stream;
    o.ChannelPrefix = stream;
    o.MaxLength = lengths.Max() * 2;
    o.MaxRestoredPackets = lengths.Max();
});
builder.Services.AddSocketIo(static o => o.ConnectionStateRecovery = new SocketIoConnectionStateRecoveryOptions());
var app = builder.Build();
app.MapSocketIo();
await app.StartAsync();
var io = app.Services.GetRequiredService<ISocketIoServer>();
var adapter = (ISocketIoSessionAwareAdapter)io.Sockets.Adapter;
await adapter.ServerCountAsync();

await using var connection = await ConnectionMultiplexer.ConnectAsync(redis);
var db = connection.GetDatabase();
Console.WriteLine($"| stream length L | entries after the offset N | missed packets | ours: restore (median of {runs}) | ours: largest reply | Node's read: XRANGE offset + (median) | Node's read: reply |");
Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
var filled = 0;
foreach (var length in lengths)
{
    filled = await FillAsync(filled, length);
    var ids = (await db.StreamRangeAsync(stream)).Select(static e => (string)e.Id!).ToArray();
    foreach (var behind in new[] { 10, length / 10, length - 1 }.Distinct())
    {
        if (length == lengths[0] && behind == 10)
        {
            // Warm-up, untimed: the first restore and the first read pay for JIT and connection setup.
            await RestoreOnceAsync(ids[^(length - 1)]);
            await db.StreamRangeAsync(stream, Next(ids[0]), "+");
        }

        var offset = ids[^(behind + 1)];
        var ours = new List<double>();
        var missed = 0;
        for (var run = 0; run < runs; run++)
        {
            var (elapsed, count) = await RestoreOnceAsync(offset);
            ours.Add(elapsed);
            missed = count;
        }

        var node = new List<double>();
        long nodeBytes = 0;
        for (var run = 0; run < runs; run++)
        {
            var watch = Stopwatch.StartNew();
            var entries = await db.StreamRangeAsync(stream, Next(offset), "+");
            nodeBytes = 0;
            var count = 0;
            foreach (var entry in entries)
            {
                nodeBytes += entry.Values.Sum(static v => ((byte[])v.Value!).Length + ((string)v.Name!).Length);
                if ((string?)entry["nsp"] == "/" && (string?)entry["type"] == "3")
                {
                    using var data = JsonDocument.Parse((string)entry["data"]!);
                    foreach (var room in data.RootElement.GetProperty("opts").GetProperty("rooms").EnumerateArray())
                    {
                        count += room.GetString() == "room-a" ? 1 : 0;
                    }
                }
            }

            node.Add(watch.Elapsed.TotalMilliseconds);
            if (count != missed)
            {
                throw new InvalidOperationException($"Node's read found {count} packets, ours {missed}.");
            }
        }

        // One entry's size in the reply, times the most a batch of ours holds (ReadCount, 100 by default).
        var largest = Math.Min(100, behind) * (nodeBytes / Math.Max(1, behind));
        Console.WriteLine($"| {length:N0} | {behind:N0} | {missed:N0} | {Median(ours):F2} ms | {Bytes(largest)} | {Median(node):F2} ms | {Bytes(nodeBytes)} |");
    }
}

await db.KeyDeleteAsync(stream);

async Task<(double Milliseconds, int Missed)> RestoreOnceAsync(string offset)
{
    var pid = "pid" + Guid.NewGuid().ToString("N")[..17];
    adapter.PersistSession(new SocketIoSession("sid" + pid[3..], pid, ["sid" + pid[3..], "room-a"], new { user = 1 }));
    // The SET went out first on the same connection; the restore's MULTI follows it.
    var watch = Stopwatch.StartNew();
    var restored = await adapter.RestoreSessionAsync(pid, offset, CancellationToken.None) ?? throw new InvalidOperationException("not restored");
    return (watch.Elapsed.TotalMilliseconds, restored.MissedPackets.Count);
}
await app.StopAsync();

// Fills the stream up to `length` entries: one in ten for room-a of "/", the others for other rooms or "/other".
async Task<int> FillAsync(int from, int length)
{
    const int Batch = 1000;
    for (var i = from; i < length; i += Batch)
    {
        var batch = db.CreateBatch();
        var tasks = new List<Task>();
        for (var j = i; j < Math.Min(length, i + Batch); j++)
        {
            var room = j % 10 == 0 ? "room-a" : "room-" + (j % 7);
            var nsp = j % 3 == 1 ? "/other" : "/";
            var data = "{\"packet\":{\"type\":2,\"data\":[\"tick\"," + j.ToString(CultureInfo.InvariantCulture)
                + ",\"payload of some thirty bytes..\"]},\"opts\":{\"rooms\":[\"" + room + "\"],\"except\":[],\"flags\":{}}}";
            tasks.Add(batch.StreamAddAsync(stream, [new("uid", "filler0000000000"), new("nsp", nsp), new("type", "3"), new("data", data)]));
        }

        batch.Execute();
        await Task.WhenAll(tasks);
    }

    return length;
}

static string Next(string id)
{
    var dash = id.IndexOf('-', StringComparison.Ordinal);
    return id[..dash] + "-" + (long.Parse(id[(dash + 1)..], CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture);
}

static double Median(List<double> values)
{
    values.Sort();
    return values[values.Count / 2];
}

static string Bytes(long bytes) => bytes >= 1 << 20 ? $"{bytes / 1048576.0:F1} MiB" : $"{bytes / 1024.0:F1} KiB";

string? Arg(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
