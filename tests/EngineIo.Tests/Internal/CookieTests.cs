using System.Net;
using EngineIo.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace EngineIo.Tests.Internal;

/// <summary>The sid cookie of <see cref="EngineIoOptions.Cookie"/>: on the polling handshake response only.</summary>
public sealed class CookieTests
{
    [Fact]
    public async Task PollingHandshake_DefaultCookie_SetsSidCookie()
    {
        await using var server = await EngineIoTestServer.StartAsync(options => options.Cookie = new EngineIoCookieOptions());

        using var response = await server.Client.GetAsync(EngineIoTestServer.Url()).DefaultTimeout();
        var sid = OpenPacket.Parse(await response.Content.ReadAsStringAsync()).Sid;

        Assert.Equal([$"io={sid}; Path=/; HttpOnly; SameSite=Lax"], response.Headers.GetValues("Set-Cookie"));
    }

    [Fact]
    public async Task PollingHandshake_CustomCookie_SetsAttributesInReferenceOrder()
    {
        await using var server = await EngineIoTestServer.StartAsync(options => options.Cookie = new EngineIoCookieOptions
        {
            Name = "woot",
            Path = "/custom",
            HttpOnly = false,
            Secure = true,
            SameSite = SameSiteMode.Strict,
        });

        using var response = await server.Client.GetAsync(EngineIoTestServer.Url()).DefaultTimeout();
        var sid = OpenPacket.Parse(await response.Content.ReadAsStringAsync()).Sid;

        Assert.Equal([$"woot={sid}; Path=/custom; Secure; SameSite=Strict"], response.Headers.GetValues("Set-Cookie"));
    }

    [Fact]
    public async Task SessionRequests_NoCookie()
    {
        await using var server = await EngineIoTestServer.StartAsync(options => options.Cookie = new EngineIoCookieOptions());
        var (sid, session) = await server.OpenPollingSessionAsync();
        session.Socket.Send("x"u8.ToArray());

        using var post = await server.PostAsync(sid, "4hello");
        using var get = await server.GetAsync(sid);

        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal("4x", await get.Content.ReadAsStringAsync());
        Assert.False(post.Headers.Contains("Set-Cookie"));
        Assert.False(get.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task WebSocketHandshake_NoCookie()
    {
        await using var server = await EngineIoTestServer.StartAsync(options => options.Cookie = new EngineIoCookieOptions());

        var (socket, _, _) = await server.OpenWebSocketSessionAsync();

        Assert.NotNull(socket.Socket.HttpResponseHeaders);
        Assert.DoesNotContain(socket.Socket.HttpResponseHeaders, static header => header.Key.Equals("Set-Cookie", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task NotConfigured_NoCookie()
    {
        await using var server = await EngineIoTestServer.StartAsync();

        using var response = await server.Client.GetAsync(EngineIoTestServer.Url()).DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }
}
