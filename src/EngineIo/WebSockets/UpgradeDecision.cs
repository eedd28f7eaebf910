namespace EngineIo.WebSockets;

/// <summary>What the dense path makes of the bytes a new connection has sent so far.</summary>
internal enum UpgradeDecision
{
    /// <summary>The head is incomplete and could still be one to take.</summary>
    NeedMoreData,

    /// <summary>Anything but a clean WebSocket upgrade to an Engine.IO endpoint: Kestrel's HTTP pipeline gets it untouched.</summary>
    Pass,

    /// <summary>A clean WebSocket upgrade to an Engine.IO endpoint: the dense path serves it.</summary>
    Take,
}
