namespace SocketIo.InteropTests.Infrastructure;

/// <summary>
/// The client's transport setups, as the scripts take them: <c>websocket</c> (<c>transports: ["websocket"]</c>),
/// <c>polling</c> (<c>transports: ["polling"]</c>) and <c>upgrade</c> (the default: polling, then an upgrade to
/// WebSocket that the scripts wait for before their scenario starts).
/// </summary>
public static class Modes
{
    public const string WebSocket = "websocket";
    public const string Polling = "polling";
    public const string Upgrade = "upgrade";

    /// <summary>The transport the connection uses once the scenario runs.</summary>
    public static string ExpectedTransport(string mode) => mode == Polling ? "polling" : "websocket";

    /// <summary>A fresh run id, for <see cref="Signals"/> and the scripts' <c>auth.run</c>.</summary>
    public static string NewRun() => Guid.NewGuid().ToString("N");
}
