using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SocketIo.Redis.Protocol;

namespace SocketIo.Redis.Tests;

/// <summary>
/// A fetched socket as another server describes it: what a server leaves out reads as Node's defaults instead of a
/// <see cref="JsonElement"/> that throws on every use.
/// </summary>
public sealed class RemoteSocketJsonTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddLogging().AddMetrics().AddSocketIo().BuildServiceProvider();

    [Fact]
    public void ReadAll_WithoutHandshakeOrData_EmptyHandshakeAndNoData()
    {
        var nsp = _services.GetRequiredService<ISocketIoServer>().Sockets;
        using var answer = JsonDocument.Parse("""{"sockets":[{"id":"abc","rooms":["abc","r"]}]}""");
        var sockets = new List<SocketIoRemoteSocket>();

        RemoteSocketJson.ReadAll(nsp, answer.RootElement, sockets);

        var socket = Assert.Single(sockets);
        Assert.Equal("abc", socket.Id);
        Assert.Null(socket.Local);
        Assert.Equal(["abc", "r"], socket.Rooms);
        Assert.Null(socket.Data);
        Assert.Equal(JsonValueKind.Object, socket.Handshake.ValueKind);
        Assert.False(socket.Handshake.TryGetProperty("auth", out _));
    }

    [Fact]
    public void ReadAll_WithHandshakeAndData_KeepsThem()
    {
        var nsp = _services.GetRequiredService<ISocketIoServer>().Sockets;
        using var answer = JsonDocument.Parse("""{"sockets":[{"id":"abc","handshake":{"auth":{"token":"t"}},"rooms":["abc"],"data":{"name":"n"}}]}""");
        var sockets = new List<SocketIoRemoteSocket>();

        RemoteSocketJson.ReadAll(nsp, answer.RootElement, sockets);

        var socket = Assert.Single(sockets);
        Assert.Equal("t", socket.Handshake.GetProperty("auth").GetProperty("token").GetString());
        Assert.Equal("n", Assert.IsType<JsonElement>(socket.Data).GetProperty("name").GetString());
    }

    public void Dispose() => _services.Dispose();
}
