using System.Globalization;

namespace SocketIo.Redis.InteropTests.Infrastructure;

/// <summary>A Node socket.io node: <c>node-server.mjs --watch-stdin</c>, up once it prints <c>listening &lt;port&gt;</c>.</summary>
internal sealed class NodeServerNode : IClusterNode
{
    private readonly NodeProcess _process;

    private NodeServerNode(NodeProcess process, string name, int port)
    {
        _process = process;
        Name = name;
        Url = "http://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture);
    }

    public string Name { get; }

    public string Url { get; }

    public static async Task<NodeServerNode> StartAsync(string name, string redis, AdapterKind kind, bool recovery = false)
    {
        var process = NodeProcess.Start("node-server.mjs", ["--redis", redis, "--name", name, "--watch-stdin", "--requests-timeout", ((int)AdapterKind.RequestsTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture), .. kind.NodeArguments, .. recovery ? ["--recovery"] : Array.Empty<string>()]);
        try
        {
            var line = await process.TakeAsync(static l => l.StartsWith("listening ", StringComparison.Ordinal), "listening line");
            return new NodeServerNode(process, name, int.Parse(line.AsSpan("listening ".Length), CultureInfo.InvariantCulture));
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    /// <summary>Kills the node (SIGKILL): its Redis connections drop without a goodbye.</summary>
    public Task KillAsync() => _process.KillAsync();

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
