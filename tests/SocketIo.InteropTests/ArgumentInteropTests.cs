using Microsoft.AspNetCore.Builder;
using SocketIo.InteropTests.Infrastructure;

namespace SocketIo.InteropTests;

/// <summary>
/// Arguments the server cannot read, sent by the real client: a lone surrogate to a typed handler is dropped without
/// an answer and the connection stays; a handler that reads with <see cref="SocketIoArguments.TryGet{T}"/> answers it
/// with its own error.
/// </summary>
public sealed class ArgumentInteropTests(ArgumentInteropTests.Server server) : IClassFixture<ArgumentInteropTests.Server>
{
    public sealed class Server : InteropServer
    {
        protected override void Configure(WebApplication app, ISocketIoServer io) =>
            io.Of("/").OnConnection(socket =>
            {
                var run = socket.Run();
                socket.On<string>("typed", (text, e) =>
                {
                    Signals.Add(run, "typed", text);
                    return e.AckAsync("ok:" + text);
                });
                socket.On("checked", e => e.TryGet<string>(0, out var text)
                    ? e.AckAsync("ok:" + text)
                    : e.AckAsync(new { error = "argument 0 must be a string" }));
                return default;
            });
    }

    [Theory]
    [InlineData(Modes.WebSocket)]
    [InlineData(Modes.Polling)]
    [InlineData(Modes.Upgrade)]
    public async Task LoneSurrogate_TypedHandlerDropsItTryGetAnswersIt(string mode)
    {
        var run = Modes.NewRun();
        var result = (await NodeClient.RunAsync("arguments.mjs", [server.Url, mode, run], server)).EnsureSuccess();

        var typed = result.Step("typed");
        Assert.Equal("ok:fine", typed.GetProperty("fine").GetString());
        Assert.False(typed.GetProperty("droppedAnswered").GetBoolean());
        Assert.True(typed.GetProperty("connected").GetBoolean());
        Assert.Equal(Modes.ExpectedTransport(mode), typed.GetProperty("transport").GetString());

        var checkedStep = result.Step("checked");
        Assert.Equal("argument 0 must be a string", checkedStep.GetProperty("checked").GetProperty("error").GetString());
        Assert.True(checkedStep.GetProperty("connected").GetBoolean());

        // The typed handler ran once, for the string it could read (before it answered it).
        Assert.Equal(["fine"], server.Signals.List(run, "typed").Cast<string>());
    }
}
