using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using SocketIo.Tests.Infrastructure;

namespace SocketIo.Tests.Namespaces;

/// <summary>
/// Parent namespaces made with a regex or a predicate: a client asking for a matching name gets a child namespace,
/// which runs the parent's middleware and connection handlers; a parent's broadcast reaches every child.
/// </summary>
public sealed partial class DynamicNamespaceTests
{
    [GeneratedRegex("""^/dyn-\d+$""")]
    private static partial Regex DynamicName();

    [Fact]
    public async Task Of_Regex_MatchingNameCreatesChildRunningParentMiddlewareAndHandlers()
    {
        var calls = new ConcurrentQueue<string>();
        SocketIoNamespace parent = null!;
        await using var server = await SocketIoTestServer.StartAsync(io =>
        {
            parent = io.Of(DynamicName());
            parent.Use(socket =>
            {
                calls.Enqueue("middleware " + socket.Namespace.Name);
                return default;
            });
            parent.OnConnection(socket =>
            {
                calls.Enqueue("connection " + socket.Namespace.Name);
                return default;
            });
        });
        var client = await server.ConnectAsync();

        await client.SendAsync("0/dyn-12");
        var answer = await client.ReceiveAsync();
        await client.SyncAsync();

        Assert.Matches("""^0/dyn-12,\{"sid":"[A-Za-z0-9_-]{20}"\}$""", answer);
        Assert.Equal(["middleware /dyn-12", "connection /dyn-12"], calls);
        var child = Assert.Single(parent.Children);
        Assert.Equal("/dyn-12", child.Name);
        Assert.Same(child, server.Io.Of("/dyn-12"));
        Assert.Single(child.Sockets);
    }

    [Fact]
    public async Task Of_Regex_NameNotMatching_InvalidNamespace()
    {
        await using var server = await SocketIoTestServer.StartAsync(io => io.Of(DynamicName()));
        var client = await server.ConnectAsync();

        await client.SendAsync("0/dyn-x,");

        Assert.Equal("""4/dyn-x,{"message":"Invalid namespace"}""", await client.ReceiveAsync());
    }

    [Fact]
    public async Task Of_Predicate_AcceptedNameCreatesChildRefusedNameInvalid()
    {
        var connected = new ConcurrentQueue<string>();
        await using var server = await SocketIoTestServer.StartAsync(io => io.Of(static name => name.StartsWith("/fn-ok", StringComparison.Ordinal)).OnConnection(socket =>
        {
            connected.Enqueue(socket.Namespace.Name);
            return default;
        }));
        var client = await server.ConnectAsync();

        await client.ConnectNamespaceAsync("/fn-ok");
        await client.SendAsync("0/fn-no,");

        Assert.Equal("""4/fn-no,{"message":"Invalid namespace"}""", await client.ReceiveAsync());
        Assert.Equal(["/fn-ok"], connected);
    }

    [Fact]
    public async Task Of_Regex_SecondClientSameName_JoinsTheSameChild()
    {
        SocketIoNamespace parent = null!;
        await using var server = await SocketIoTestServer.StartAsync(io => parent = io.Of(DynamicName()));

        var (_, first) = await server.ConnectSocketAsync("/dyn-1");
        var (_, second) = await server.ConnectSocketAsync("/dyn-1");

        Assert.Same(first.Namespace, second.Namespace);
        Assert.Single(parent.Children);
        Assert.Equal(2, first.Namespace.Sockets.Count);
    }

    [Fact]
    public async Task ParentEmit_ReachesEveryChild()
    {
        SocketIoNamespace parent = null!;
        await using var server = await SocketIoTestServer.StartAsync(io => parent = io.Of(DynamicName()));
        var (one, _) = await server.ConnectSocketAsync("/dyn-1");
        var (two, _) = await server.ConnectSocketAsync("/dyn-2");

        await parent.EmitAsync("news", 1);

        Assert.Equal("""2/dyn-1,["news",1]""", await one.ReceiveAsync());
        Assert.Equal("""2/dyn-2,["news",1]""", await two.ReceiveAsync());
    }

    [Fact]
    public async Task CleanupEmptyChildNamespaces_LastSocketLeaves_ChildRemoved()
    {
        SocketIoNamespace parent = null!;
        await using var server = await SocketIoTestServer.StartAsync(io => parent = io.Of(DynamicName()), options: static o => o.CleanupEmptyChildNamespaces = true);
        var (client, socket) = await server.ConnectSocketAsync("/dyn-1");

        await client.SendAsync("1/dyn-1,");
        await client.SyncAsync();

        Assert.Empty(parent.Children);
        var (_, again) = await server.ConnectSocketAsync("/dyn-1");
        Assert.NotSame(socket.Namespace, again.Namespace);
    }

    [Fact]
    public async Task CleanupEmptyChildNamespaces_Default_ChildKept()
    {
        SocketIoNamespace parent = null!;
        await using var server = await SocketIoTestServer.StartAsync(io => parent = io.Of(DynamicName()));
        var (client, socket) = await server.ConnectSocketAsync("/dyn-1");

        await client.SendAsync("1/dyn-1,");
        await client.SyncAsync();

        Assert.Same(socket.Namespace, Assert.Single(parent.Children));
    }

    /// <summary>
    /// A child is made before the middleware runs; if no socket ever gets in, it goes again whatever the cleanup
    /// option says: clients that cannot pass the middleware must not make the server keep a namespace per name tried.
    /// </summary>
    [Fact]
    public async Task EveryConnectRefused_ChildRemovedEvenWithoutCleanup()
    {
        SocketIoNamespace parent = null!;
        await using var server = await SocketIoTestServer.StartAsync(io =>
        {
            parent = io.Of(DynamicName());
            parent.Use(static _ => throw new SocketIoConnectException("no entry"));
        });
        var client = await server.ConnectAsync();

        for (var i = 0; i < 3; i++)
        {
            await client.SendAsync($"0/dyn-{i},");
            Assert.Equal($$"""4/dyn-{{i}},{"message":"no entry"}""", await client.ReceiveAsync());
        }

        Assert.Empty(parent.Children);
        await client.SyncAsync();
    }

    /// <summary>A child someone joined is kept while another CONNECT to it is refused, and by default after they leave.</summary>
    [Fact]
    public async Task ConnectRefusedToJoinedChild_ChildKept()
    {
        SocketIoNamespace parent = null!;
        await using var server = await SocketIoTestServer.StartAsync(io =>
        {
            parent = io.Of(DynamicName());
            parent.Use(static socket => socket.Handshake.Auth.TryGetProperty("ok", out _)
                ? default
                : throw new SocketIoConnectException("no entry"));
        });
        var (member, socket) = await server.ConnectSocketAsync("/dyn-1", """{"ok":1}""");
        var stranger = await server.ConnectAsync();

        await stranger.SendAsync("0/dyn-1,");
        Assert.Equal("""4/dyn-1,{"message":"no entry"}""", await stranger.ReceiveAsync());
        Assert.Same(socket.Namespace, Assert.Single(parent.Children));

        await member.SendAsync("1/dyn-1,");
        await member.SyncAsync();
        Assert.Same(socket.Namespace, Assert.Single(parent.Children));
    }
}
