namespace EngineIo;

/// <summary>The Engine.IO transports: a set of them in <see cref="EngineIoOptions.Transports"/>, one for a socket.</summary>
[Flags]
public enum EngineIoTransports
{
    /// <summary>No transport.</summary>
    None = 0,

    /// <summary>HTTP long-polling: GET requests receive, POST requests send.</summary>
    Polling = 1,

    /// <summary>A WebSocket, either opened directly or upgraded to from polling.</summary>
    WebSocket = 2,

    /// <summary>Both transports.</summary>
    All = Polling | WebSocket,
}
