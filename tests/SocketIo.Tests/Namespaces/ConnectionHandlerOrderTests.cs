using SocketIo.Tests.Infrastructure;

namespace SocketIo.Tests.Namespaces;

/// <summary>
/// The client may send as soon as it reads the CONNECT answer; the reference runs its connection listeners synchronously
/// right after writing that answer, so such a packet always finds the listeners they register. Here too: a socket's
/// packets are dispatched only once every connection handler has run up to its first await, whether the middleware
/// completed on the reader or on another thread, and whatever an earlier handler awaits.
/// </summary>
public sealed class ConnectionHandlerOrderTests
{
    [Fact]
    public async Task Connect_MiddlewareCompletingOnAnotherThread_EventsSentOnTheAnswerWaitForTheConnectionHandler()
    {
        var middlewareWaits = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Not asynchronous continuations: the middleware goes on on the thread that releases it, not on the reader.
        var releaseMiddleware = new TaskCompletionSource();
        var dispatchedWithoutListener = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var listening = 0;
        SocketIoTestServer server = null!;
        server = await SocketIoTestServer.StartAsync(io =>
        {
            var chat = io.Of("/chat");
            chat.Use(async socket =>
            {
                // Runs for every event dispatched: one dispatched before the listener below exists was lost.
                socket.OnAny(e =>
                {
                    if (Volatile.Read(ref listening) == 0)
                    {
                        dispatchedWithoutListener.TrySetResult();
                    }

                    return default;
                });
                middlewareWaits.TrySetResult();
                await releaseMiddleware.Task;
            });
            chat.OnConnection(socket =>
            {
                // A synchronous part slower than the client: it ends only once the reader has either dispatched the
                // client's first event (the defect) or started to wait for this handler (the guarantee).
                var readerWaits = server.Logs.WaitForAsync("WaitingForConnectionHandlers");
                Task.WaitAny([dispatchedWithoutListener.Task, readerWaits], TaskTimeoutExtensions.DefaultTimeoutValue);
                socket.On("hello", static e => e.AckAsync("hi", e[0].GetInt32()));
                Volatile.Write(ref listening, 1);
                return default;
            });
        });
        await using var serverScope = server;
        var client = await server.ConnectAsync();

        await client.SendAsync("0/chat,");
        await middlewareWaits.Task.DefaultTimeout();
        // Answered only once the reader is past the CONNECT, so the middleware is truly waiting now.
        await client.SyncAsync();
        _ = Task.Run(releaseMiddleware.SetResult);
        var answer = await client.ReceiveAsync();
        Assert.StartsWith("0/chat,{", answer);
        await client.SendAsync("""2/chat,1["hello",1]""");
        await client.SendAsync("""2/chat,2["hello",2]""");
        await client.SendAsync("""2/chat,3["hello",3]""");

        // The barrier's answer would come first if an event had found no listener.
        await client.SendAsync("0" + SocketIoTestClient.BarrierNamespace + ",");
        Assert.Equal("""3/chat,1["hi",1]""", await client.ReceiveAsync());
        Assert.Equal("""3/chat,2["hi",2]""", await client.ReceiveAsync());
        Assert.Equal("""3/chat,3["hi",3]""", await client.ReceiveAsync());
        Assert.Equal("4" + SocketIoTestClient.BarrierNamespace + ",{\"message\":\"Invalid namespace\"}", await client.ReceiveAsync());
        Assert.False(dispatchedWithoutListener.Task.IsCompleted);
    }

    [Fact]
    public async Task Connect_AConnectionHandlerThatAwaits_DoesNotHoldBackTheListenersOfTheNextOne()
    {
        var releaseFirst = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await SocketIoTestServer.StartAsync(io =>
        {
            io.Sockets.OnConnection(async socket =>
            {
                socket.On("first", static e => e.AckAsync("first"));
                await releaseFirst.Task;
            });
            io.Sockets.OnConnection(static socket =>
            {
                socket.On("second", static e => e.AckAsync("second"));
                return default;
            });
        });
        var client = await server.ConnectAsync();

        try
        {
            await client.ConnectNamespaceAsync();
            await client.SendAsync("""21["second"]""");
            await client.SendAsync("""22["first"]""");

            await client.SendAsync("0" + SocketIoTestClient.BarrierNamespace + ",");
            Assert.Equal("""31["second"]""", await client.ReceiveAsync());
            Assert.Equal("""32["first"]""", await client.ReceiveAsync());
            Assert.Equal("4" + SocketIoTestClient.BarrierNamespace + ",{\"message\":\"Invalid namespace\"}", await client.ReceiveAsync());
        }
        finally
        {
            releaseFirst.TrySetResult();
        }
    }

    [Fact]
    public async Task Connect_AConnectionHandlerThatThrows_StopsNoOtherAndIsLogged()
    {
        await using var server = await SocketIoTestServer.StartAsync(io =>
        {
            io.Sockets.OnConnection(static _ => throw new InvalidOperationException("first handler fails"));
            io.Sockets.OnConnection(static async _ =>
            {
                await Task.Yield();
                throw new InvalidOperationException("second handler fails");
            });
            io.Sockets.OnConnection(static socket =>
            {
                socket.On("third", static e => e.AckAsync("third"));
                return default;
            });
        });
        server.ErrorsExpected = true;
        var client = await server.ConnectAsync();

        await client.ConnectNamespaceAsync();
        await client.SendAsync("""21["third"]""");

        await client.SendAsync("0" + SocketIoTestClient.BarrierNamespace + ",");
        Assert.Equal("""31["third"]""", await client.ReceiveAsync());
        Assert.Equal("4" + SocketIoTestClient.BarrierNamespace + ",{\"message\":\"Invalid namespace\"}", await client.ReceiveAsync());
        await server.Logs.WaitForAsync(e => e.Exception?.Message == "first handler fails");
        await server.Logs.WaitForAsync(e => e.Exception?.Message == "second handler fails");
    }
}
