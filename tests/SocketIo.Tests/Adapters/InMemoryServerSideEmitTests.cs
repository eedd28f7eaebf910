using Microsoft.Extensions.DependencyInjection;
using SocketIo.Adapters;
using SocketIo.Tests.Infrastructure;

namespace SocketIo.Tests.Adapters;

/// <summary>
/// A server-side emit with the in-memory adapter: there is no other server, so the event goes nowhere and its
/// arguments are not encoded (an application that tells the cluster of every event would otherwise pay for JSON
/// nobody reads); what the call refuses stays refused.
/// </summary>
public sealed class InMemoryServerSideEmitTests
{
    [Fact]
    public async Task ServerSideEmit_InMemory_ArgumentsNotSerialized()
    {
        await using var server = await StartAsync();
        var argument = new CountingArgument();

        await server.Io.Sockets.ServerSideEmitAsync("job-done", argument, "text");
        var answered = await server.Io.Sockets.ServerSideEmitWithAckAsync("job-done", argument);

        Assert.Equal(0, argument.Reads);
        Assert.Same(SocketIoServerSideAckResult.None, answered);
    }

    [Fact]
    public async Task ServerSideEmit_InMemory_ReservedNameOrNoArguments_Refused()
    {
        await using var server = await StartAsync();

        await Assert.ThrowsAsync<ArgumentException>(async () => await server.Io.Sockets.ServerSideEmitAsync("connect", 1));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await server.Io.Sockets.ServerSideEmitAsync("job-done", null!));
        await Assert.ThrowsAsync<ArgumentException>(() => server.Io.Sockets.ServerSideEmitWithAckAsync("disconnect", 1));
    }

    private static Task<SocketIoTestServer> StartAsync(Action<ISocketIoServer>? configure = null) =>
        SocketIoTestServer.StartAsync(configure, services: static services => services.AddSingleton<ISocketIoAdapterFactory>(new InMemorySocketIoAdapterFactory()));

    /// <summary>An argument that counts how often its value is read, as serializing it would.</summary>
    public sealed class CountingArgument
    {
        private int _reads;

        public int Reads => Volatile.Read(ref _reads);

        public string Value
        {
            get
            {
                Interlocked.Increment(ref _reads);
                return "counted";
            }
        }
    }
}
