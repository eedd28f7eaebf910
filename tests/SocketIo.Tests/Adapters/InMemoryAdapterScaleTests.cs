using Microsoft.Extensions.DependencyInjection;
using SocketIo.Adapters;
using SocketIo.Tests.Infrastructure;

namespace SocketIo.Tests.Adapters;

/// <summary>
/// The in-memory adapter with many sockets, in the build the tests run (Debug, where the adapter checks its
/// invariants on every change): a join or a leave costs the same whatever the number of other sockets. A whole check
/// on every change made each join allocate for and walk every socket already there, so a Debug server (the one
/// <c>dotnet run</c> starts) took a burst of connections in time and garbage quadratic in their number.
/// </summary>
public sealed class InMemoryAdapterScaleTests
{
    private const int Present = 3_000;
    private const int Measured = 100;

    [Fact]
    public async Task JoinAndLeave_ThousandsOfSockets_NothingAllocatedPerOtherSocket()
    {
        await using var server = await SocketIoTestServer.StartAsync(
            services: static services => services.AddSingleton<ISocketIoAdapterFactory>(new InMemorySocketIoAdapterFactory()));
        var adapter = server.Io.Sockets.Adapter;
        for (var i = 0; i < Present; i++)
        {
            var id = "present-" + i;
            // Each in its own room only, as the service's sockets are.
            adapter.AddAll(id, [id]);
        }

        var ids = new string[Measured];
        for (var i = 0; i < Measured; i++)
        {
            ids[i] = "measured-" + i;
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var id in ids)
        {
            adapter.AddAll(id, [id, "group", "own-" + id]);
            adapter.Del(id, "group");
            adapter.DelAll(id);
        }

        var perSocket = (GC.GetAllocatedBytesForCurrentThread() - before) / Measured;

        // A socket's own entries (its room sets, the lists of the calls) take a few hundred bytes; an allocation for
        // each of the thousands of sockets already present takes tens of kilobytes.
        Assert.True(perSocket < 4_096, $"{perSocket} B allocated per socket joining and leaving among {Present}");
        Assert.Equal(["present-0"], adapter.SocketRooms("present-0"));
        Assert.Empty(adapter.SocketRooms(ids[0]));
    }
}
