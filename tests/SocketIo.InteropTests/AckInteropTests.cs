using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using SocketIo.InteropTests.Infrastructure;

namespace SocketIo.InteropTests;

/// <summary>Scenario 2: acknowledgements in both directions, with the client's and the server's timeouts.</summary>
public sealed class AckInteropTests(AckInteropTests.Server server) : IClassFixture<AckInteropTests.Server>
{
    public sealed class Server : InteropServer
    {
        protected override void Configure(WebApplication app, ISocketIoServer io) =>
            io.Of("/").OnConnection(socket =>
            {
                var run = socket.Run();
                socket.On("ack-me", e => e.AckAsync(
                    new
                    {
                        echo = e[0].Clone(),
                        hadBinary = e.Count > 1 && e.IsBinary(1),
                        binary = e.Count > 1 && e.IsBinary(1) ? e.GetBinary(1).ToArray().Select(b => (int)b).ToArray() : [],
                        transport = e.Socket.TransportName(),
                    },
                    new byte[] { 9, 8, 7 }));
                socket.On("no-ack", e =>
                {
                    // Received, and deliberately left unanswered.
                    Signals.Set(run, "no-ack", e.HasAck);
                    return default;
                });
                // The handler awaits answers that arrive on its own connection: the connection must go on reading.
                socket.On("start-server-acks", e => new ValueTask(ServerAcksAsync(e.Socket, run)));
                return default;
            });

        private async Task ServerAcksAsync(SocketIoSocket socket, string run)
        {
            try
            {
                var response = await socket.EmitWithAckAsync("server-ask", TimeSpan.FromSeconds(15), "what is the answer?", new byte[] { 1, 2, 3 });
                Signals.Set(run, "server-ask", new AckObservation(
                    response.Count,
                    response[0].GetRawText(),
                    response.Count > 1 && response.IsBinary(1),
                    response.Count > 1 && response.IsBinary(1) ? response.GetBinary(1).ToArray() : [],
                    response.SocketId == socket.Id));
            }
            catch (Exception ex)
            {
                Signals.Set(run, "server-ask", ex);
            }

            try
            {
                var unexpected = await socket.EmitWithAckAsync("server-ask-ignored", TimeSpan.FromMilliseconds(300), "nobody answers this");
                Signals.Set(run, "server-ask-ignored", unexpected);
            }
            catch (Exception ex)
            {
                Signals.Set(run, "server-ask-ignored", ex);
            }

            await socket.EmitAsync("server-acks-done");
        }
    }

    public sealed record AckObservation(int Count, string First, bool SecondIsBinary, byte[] Second, bool FromThisSocket);

    [Theory]
    [InlineData(Modes.WebSocket)]
    [InlineData(Modes.Polling)]
    [InlineData(Modes.Upgrade)]
    public async Task Ack_BothDirectionsWithTimeouts_AnswersArriveAndTimeoutsFire(string mode)
    {
        var run = Modes.NewRun();
        var result = (await NodeClient.RunAsync("acks.mjs", [server.Url, mode, run], server)).EnsureSuccess();

        // emit(..., callback) answered by AckAsync with JSON and binary.
        var callback = result.Step("callback");
        Assert.Equal(2, callback.GetProperty("count").GetInt32());
        var first = callback.GetProperty("first");
        Assert.Equal("""{"n":1,"text":"callback"}""", first.GetProperty("echo").GetRawText());
        Assert.True(first.GetProperty("hadBinary").GetBoolean());
        Assert.Equal("[1,2,3]", first.GetProperty("binary").GetRawText());
        Assert.Equal(Modes.ExpectedTransport(mode), first.GetProperty("transport").GetString());
        Assert.True(callback.GetProperty("secondIsBuffer").GetBoolean(), result.Describe());
        Assert.Equal("[9,8,7]", callback.GetProperty("second").GetRawText());

        // timeout(ms).emitWithAck answered in time: the promise resolves with the first argument.
        var withAck = result.Step("emitWithAck").GetProperty("first");
        Assert.Equal("""{"n":2,"text":"emitWithAck"}""", withAck.GetProperty("echo").GetRawText());
        Assert.False(withAck.GetProperty("hadBinary").GetBoolean());

        // timeout(ms).emitWithAck never answered: the client's timeout fires, though the server got the event.
        var timedOut = result.Step("emitWithAck-timeout");
        Assert.True(timedOut.GetProperty("timedOut").GetBoolean(), result.Describe());
        Assert.Equal("operation has timed out", timedOut.GetProperty("message").GetString());
        Assert.True(await server.Signals.WaitAsync<bool>(run, "no-ack"));

        // EmitWithAckAsync answered by the client's callback.
        var answer = await server.Signals.WaitAsync<object>(run, "server-ask");
        var observed = Assert.IsType<AckObservation>(answer, exactMatch: false);
        Assert.Equal(2, observed.Count);
        using (var firstAnswer = JsonDocument.Parse(observed.First))
        {
            var root = firstAnswer.RootElement;
            Assert.Equal(42, root.GetProperty("answer").GetInt32());
            Assert.Equal("what is the answer?", root.GetProperty("question").GetString());
            Assert.True(root.GetProperty("blobWasBuffer").GetBoolean());
            Assert.Equal("[1,2,3]", root.GetProperty("blob").GetRawText());
        }

        Assert.True(observed.SecondIsBinary);
        Assert.Equal(new byte[] { 4, 5, 6 }, observed.Second);
        Assert.True(observed.FromThisSocket);

        // EmitWithAckAsync the client never answers: the server's timeout fires.
        var ignored = await server.Signals.WaitAsync<object>(run, "server-ask-ignored");
        Assert.IsType<TimeoutException>(ignored);

        Assert.Equal(Modes.ExpectedTransport(mode), result.Step("done").GetProperty("transport").GetString());
    }
}
