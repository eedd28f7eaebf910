namespace SocketIo.Redis.InteropTests.Infrastructure;

/// <summary>One node of a test cluster on one Redis: a Node socket.io process, or one of ours in this process.</summary>
internal interface IClusterNode : IAsyncDisposable
{
    /// <summary>The label its <c>ask</c> answers carry.</summary>
    string Name { get; }

    /// <summary>Where clients connect (<c>http://127.0.0.1:port</c>).</summary>
    string Url { get; }
}
