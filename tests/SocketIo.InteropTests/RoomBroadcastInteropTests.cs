using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using SocketIo.InteropTests.Infrastructure;

namespace SocketIo.InteropTests;

/// <summary>Scenario 4: broadcasts to rooms of many clients, with Except, reach exactly the right clients, once each.</summary>
public sealed class RoomBroadcastInteropTests(RoomBroadcastInteropTests.Server server) : IClassFixture<RoomBroadcastInteropTests.Server>
{
    private const int ClientCount = 20;

    public sealed class Server : InteropServer
    {
        private readonly ConcurrentDictionary<(string Run, int Index), string> _ids = new();

        protected override void Configure(WebApplication app, ISocketIoServer io) =>
            io.Of("/").OnConnection(socket =>
            {
                var run = socket.Run();
                var index = socket.AuthInt("index");
                _ids[(run, index)] = socket.Id;
                // Rooms carry the run id: runs share the server (and "/"), never their rooms.
                var rooms = new List<string> { $"{run}:all", index % 2 == 0 ? $"{run}:even" : $"{run}:odd" };
                if (index % 5 == 0)
                {
                    rooms.Add($"{run}:five");
                }

                socket.Join(rooms);
                socket.On("go", async e =>
                {
                    var sender = e.Socket;
                    await io.To($"{run}:even").Except($"{run}:five").EmitAsync("news", "even-except-five");
                    // Except alone: every socket of "/" outside the room (those of other runs too, which ignore it).
                    await io.Except($"{run}:odd").EmitAsync("news", "all-except-odd");
                    // Two rooms: a socket in both gets the packet once.
                    await sender.Namespace.To($"{run}:odd").To($"{run}:five").EmitAsync("news", "odd-or-five");
                    await sender.Broadcast.EmitAsync("news", "broadcast-from-0");
                    await sender.To($"{run}:five").EmitAsync("news", "five-from-0");
                    await io.To($"{run}:all").Except($"{run}:even").Except($"{run}:five").EmitAsync("news", "odd-except-five");
                    await io.To(_ids[(run, 7)]).EmitAsync("news", "direct-to-7");
                    await io.To($"{run}:all").EmitAsync("end");
                    await e.AckAsync("sent");
                });
                // The answers come in on these very connections, client 0's included, while the handler awaits them.
                socket.On("go-survey", e => new ValueTask(SurveyAsync(io, e, run)));
                return socket.EmitAsync("joined", rooms.Select(r => r[(run.Length + 1)..]).ToArray());
            });

        private async Task SurveyAsync(ISocketIoServer io, SocketIoEvent e, string run)
        {
            try
            {
                var five = await io.Sockets.To($"{run}:five").FetchSocketsAsync();
                var result = await io.To($"{run}:all").Except($"{run}:odd").Timeout(TimeSpan.FromSeconds(20)).EmitWithAckAsync("survey", "which index?");
                var answers = result.Responses
                    .Select(r => (r.SocketId, r[0].GetProperty("index").GetInt32(), r[0].GetProperty("question").GetString()))
                    .ToList();
                Signals.Set(run, "survey", new SurveyObservation(result.Expected, result.TimedOut, answers, [.. five.Select(s => s.Id)]));
                await e.AckAsync(new { expected = result.Expected, answers = answers.Count, timedOut = result.TimedOut });
            }
            catch (Exception ex)
            {
                Signals.Set(run, "survey", ex);
                await e.AckAsync(new { error = ex.ToString() });
            }
        }
    }

    public sealed record SurveyObservation(int Expected, bool TimedOut, IReadOnlyList<(string SocketId, int Index, string? Question)> Answers, IReadOnlyList<string> FiveRoom);

    /// <summary>What client <paramref name="index"/> must receive, in the order the server sends it.</summary>
    private static IEnumerable<string> ExpectedNews(int index)
    {
        var even = index % 2 == 0;
        var five = index % 5 == 0;
        if (even && !five)
        {
            yield return "even-except-five";
        }

        if (even)
        {
            yield return "all-except-odd";
        }

        if (!even || five)
        {
            yield return "odd-or-five";
        }

        if (index != 0)
        {
            yield return "broadcast-from-0";
        }

        if (five && index != 0)
        {
            yield return "five-from-0";
        }

        if (!even && !five)
        {
            yield return "odd-except-five";
        }

        if (index == 7)
        {
            yield return "direct-to-7";
        }
    }

    [Theory]
    [InlineData(Modes.WebSocket)]
    [InlineData(Modes.Polling)]
    [InlineData(Modes.Upgrade)]
    public async Task EmitAsync_RoomsAndExceptWithTwentyClients_EachClientGetsExactlyItsBroadcastsOnceAndAcksAreCollected(string mode)
    {
        var run = Modes.NewRun();
        var result = (await NodeClient.RunAsync("rooms.mjs", [server.Url, mode, run, ClientCount.ToString(System.Globalization.CultureInfo.InvariantCulture)], server))
            .EnsureSuccess();

        var done = result.Step("done");
        Assert.Equal("sent", done.GetProperty("ack").GetString());
        var clients = result.All("client");
        Assert.Equal(ClientCount, clients.Count);
        Assert.Equal(ClientCount, clients.Select(c => c.GetProperty("id").GetString()).Distinct().Count());
        foreach (var client in clients)
        {
            var index = client.GetProperty("index").GetInt32();
            var news = client.GetProperty("news").EnumerateArray().Select(n => n.GetString()).ToArray();
            Assert.True(
                ExpectedNews(index).SequenceEqual(news),
                $"client {index} expected [{string.Join(", ", ExpectedNews(index))}] but got [{string.Join(", ", news)}]{Environment.NewLine}{result.Describe()}");
            Assert.Equal(Modes.ExpectedTransport(mode), client.GetProperty("transport").GetString());
        }

        // Broadcast with acks to the even clients: each answers once, and the server knows who answered.
        var ids = clients.ToDictionary(c => c.GetProperty("id").GetString()!, c => c.GetProperty("index").GetInt32());
        var survey = Assert.IsType<SurveyObservation>(await server.Signals.WaitAsync<object>(run, "survey"));
        Assert.Equal(ClientCount / 2, survey.Expected);
        Assert.False(survey.TimedOut);
        Assert.Equal(
            Enumerable.Range(0, ClientCount).Where(i => i % 2 == 0),
            survey.Answers.Select(a => a.Index).Order());
        Assert.All(survey.Answers, a =>
        {
            Assert.Equal(ids[a.SocketId], a.Index);
            Assert.Equal("which index?", a.Question);
        });
        Assert.Equal([0, 5, 10, 15], survey.FiveRoom.Select(id => ids[id]).Order());
        Assert.Equal(ClientCount / 2, done.GetProperty("survey").GetProperty("answers").GetInt32());
    }
}
