using System.Collections.Concurrent;
using SocketIo.Tests.Infrastructure;

namespace SocketIo.Tests.Events;

/// <summary>
/// Issue 17: an event named with a lone surrogate escape (<c>"\ud800"</c>, valid JSON that no .NET string can hold)
/// made the name lookup throw, so the catch-all handlers never saw the event and the server logged a handler failure
/// with a stack trace for each one. The name now reaches them as the client wrote it, and nothing is logged.
/// </summary>
public sealed class LoneSurrogateEventNameTests
{
    [Fact]
    public async Task OnAny_EventNamedWithALoneSurrogate_SeenWithItsRawNameAndNoFailureLogged()
    {
        var seen = new ConcurrentQueue<string>();
        await using var server = await SocketIoTestServer.StartAsync();
        var (client, socket) = await server.ConnectSocketAsync();
        socket.OnAny(e =>
        {
            seen.Enqueue($"{e.Name} {e.Count}");
            return default;
        });

        // Handlers of their own: the name is compared with theirs first, which must not throw either.
        socket.On("e", _ => default);
        socket.On("register", _ => default);

        await client.SendAsync("""2["\ud800",1]""");
        await client.SendAsync("""2["a\udfffb"]""");
        await client.SendAsync("""2["\ud800\ud800\ud800"]""");
        await client.SendAsync("""2["e"]""");
        await client.SyncAsync();

        Assert.Equal(["\"\\ud800\" 1", "\"a\\udfffb\" 0", "\"\\ud800\\ud800\\ud800\" 0", "e 0"], seen);
        Assert.DoesNotContain(server.Logs.Entries, entry => entry.EventId.Name == "HandlerFailed");
    }
}
