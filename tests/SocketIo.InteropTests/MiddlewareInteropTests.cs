using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using SocketIo.InteropTests.Infrastructure;

namespace SocketIo.InteropTests;

/// <summary>Scenario 3: middleware that reads the auth payload and refuses with SocketIoConnectException.</summary>
public sealed class MiddlewareInteropTests(MiddlewareInteropTests.Server server) : IClassFixture<MiddlewareInteropTests.Server>
{
    public sealed class Server : InteropServer
    {
        protected override void Configure(WebApplication app, ISocketIoServer io) =>
            io.Of("/secure")
                .Use(socket =>
                {
                    var token = socket.AuthString("token") ?? "(none)";
                    Signals.Set(socket.Run(), $"auth:{token}", socket.Handshake.Auth.GetRawText());
                    return token switch
                    {
                        "letmein" => default,
                        "banned" => throw new SocketIoConnectException("banned"),
                        _ => throw new SocketIoConnectException(
                            "not authorized",
                            JsonSerializer.SerializeToElement(new { code = 4001, hint = "send a valid token" })),
                    };
                })
                .OnConnection(socket =>
                {
                    Signals.Set(socket.Run(), "connected", socket.Id);
                    return socket.EmitAsync("secret", new { token = socket.AuthString("token"), auth = socket.Handshake.Auth });
                });
    }

    [Theory]
    [InlineData(Modes.WebSocket)]
    [InlineData(Modes.Polling)]
    [InlineData(Modes.Upgrade)]
    public async Task Use_ThrowsConnectException_ClientGetsConnectErrorWithMessageAndData(string mode)
    {
        var run = Modes.NewRun();
        var result = (await NodeClient.RunAsync("middleware.mjs", [server.Url, mode, run], server)).EnsureSuccess();

        var refusals = result.All("refused");
        var wrong = Assert.Single(refusals, r => r.GetProperty("token").GetString() == "wrong");
        Assert.Equal("/secure", wrong.GetProperty("nsp").GetString());
        Assert.Equal("not authorized", wrong.GetProperty("message").GetString());
        Assert.True(wrong.GetProperty("hasData").GetBoolean(), result.Describe());
        Assert.Equal("""{"code":4001,"hint":"send a valid token"}""", wrong.GetProperty("data").GetRawText());
        Assert.False(wrong.GetProperty("connected").GetBoolean());
        Assert.False(wrong.GetProperty("active").GetBoolean());

        var banned = Assert.Single(refusals, r => r.GetProperty("token").GetString() == "banned");
        Assert.Equal("banned", banned.GetProperty("message").GetString());
        Assert.False(banned.GetProperty("hasData").GetBoolean(), result.Describe());
        Assert.False(banned.GetProperty("active").GetBoolean());

        var nowhere = Assert.Single(refusals, r => r.GetProperty("nsp").GetString() == "/nowhere");
        Assert.Equal("Invalid namespace", nowhere.GetProperty("message").GetString());
        Assert.False(nowhere.GetProperty("active").GetBoolean());

        // The middleware saw each auth payload as the client sent it.
        Assert.Equal($$"""{"run":"{{run}}","token":"wrong"}""", await server.Signals.WaitAsync<string>(run, "auth:wrong"));
        Assert.Equal($$"""{"run":"{{run}}","token":"banned"}""", await server.Signals.WaitAsync<string>(run, "auth:banned"));
        Assert.Equal($$$"""{"run":"{{{run}}}","token":"letmein","extra":{"nested":[1,2]}}""", await server.Signals.WaitAsync<string>(run, "auth:letmein"));
    }

    [Theory]
    [InlineData(Modes.WebSocket)]
    [InlineData(Modes.Polling)]
    [InlineData(Modes.Upgrade)]
    public async Task Use_AcceptsToken_SocketConnectsWithAuthInHandshake(string mode)
    {
        var run = Modes.NewRun();
        var result = (await NodeClient.RunAsync("middleware.mjs", [server.Url, mode, run], server)).EnsureSuccess();

        var accepted = result.Step("accepted");
        Assert.Equal(await server.Signals.WaitAsync<string>(run, "connected"), accepted.GetProperty("id").GetString());
        var secret = accepted.GetProperty("secret");
        Assert.Equal("letmein", secret.GetProperty("token").GetString());
        Assert.Equal($$$"""{"run":"{{{run}}}","token":"letmein","extra":{"nested":[1,2]}}""", secret.GetProperty("auth").GetRawText());
        Assert.Equal(Modes.ExpectedTransport(mode), accepted.GetProperty("transport").GetString());
    }
}
