using System.Text.Json.Nodes;
using ScriptService.Tests.Service.Infrastructure;

namespace ScriptService.Tests.Service;

/// <summary>
/// The @socket.io/admin-ui dashboard's namespace (the protocol itself is tested in tests/SocketIo.Admin.Tests): off
/// by default, on with <c>ScriptService:Admin:Password</c> (hashed at start) or <c>ScriptService:Admin:PasswordHash</c>.
/// </summary>
public sealed class AdminDashboardTests
{
    [Fact]
    public async Task Admin_WithoutAPassword_IsOff()
    {
        await using var host = await ServiceHost.StartAsync();
        await using var node = NodeDriver.Start(host);

        var refused = await node.ConnectNamespaceAsync("admin", host.Url + "/admin", new JsonObject { ["username"] = "admin", ["password"] = "" });

        Assert.Equal("connect_error", NodeProcess.Str(refused, "ev"));
        Assert.Equal("Invalid namespace", NodeProcess.Str(refused, "message"));
    }

    [Fact]
    public async Task Admin_WithAPlainPassword_LetsTheDashboardInWithItOnly()
    {
        await using var host = await ServiceHost.StartAsync(new Dictionary<string, string?> { ["ScriptService:Admin:Password"] = "dashboard-pw" });
        await using var node = NodeDriver.Start(host);

        var wrong = await node.ConnectNamespaceAsync("wrong", host.Url + "/admin", new JsonObject { ["username"] = "admin", ["password"] = "nope" });
        var right = await node.ConnectNamespaceAsync("right", host.Url + "/admin", new JsonObject { ["username"] = "admin", ["password"] = "dashboard-pw" });

        Assert.Equal("invalid credentials", NodeProcess.Str(wrong, "message"));
        Assert.Equal("connect", NodeProcess.Str(right, "ev"));
        // The service's own namespace is untouched.
        await node.ConnectAsync("client");

        // The dashboard's page, on its own origin, polls with credentials: its origin is echoed, not a wildcard.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/socket.io/?EIO=4&transport=polling");
        request.Headers.Add("Origin", "https://admin.socket.io");
        using var response = await host.Http.SendAsync(request);
        Assert.Equal("https://admin.socket.io", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("true", response.Headers.GetValues("Access-Control-Allow-Credentials").Single());
    }

    [Fact]
    public async Task Admin_WithAHashAndAUsername_LetsThatUserIn()
    {
        await using var host = await ServiceHost.StartAsync(new Dictionary<string, string?>
        {
            ["ScriptService:Admin:Username"] = "ops",
            ["ScriptService:Admin:PasswordHash"] = BCrypt.Net.BCrypt.HashPassword("hashed-pw", workFactor: 4),
        });
        await using var node = NodeDriver.Start(host);

        var admin = await node.ConnectNamespaceAsync("admin", host.Url + "/admin", new JsonObject { ["username"] = "admin", ["password"] = "hashed-pw" });
        var ops = await node.ConnectNamespaceAsync("ops", host.Url + "/admin", new JsonObject { ["username"] = "ops", ["password"] = "hashed-pw" });

        Assert.Equal("invalid credentials", NodeProcess.Str(admin, "message"));
        Assert.Equal("connect", NodeProcess.Str(ops, "ev"));
    }
}
