using EngineIo.Internal;
using Microsoft.AspNetCore.Http;

namespace EngineIo.WebSockets;

/// <summary>The head of a WebSocket upgrade the dense path takes: what the transient request is built from.</summary>
internal sealed class WebSocketUpgradeRequest(
    EngineIoDispatcher dispatcher,
    string path,
    string queryString,
    string rawTarget,
    HeaderDictionary headers,
    string key,
    int headLength)
{
    /// <summary>The endpoint whose path the request is under.</summary>
    public EngineIoDispatcher Dispatcher { get; } = dispatcher;

    public string Path { get; } = path;

    /// <summary>From the <c>?</c> on, or empty.</summary>
    public string QueryString { get; } = queryString;

    public string RawTarget { get; } = rawTarget;

    public HeaderDictionary Headers { get; } = headers;

    /// <summary>The client's Sec-WebSocket-Key, which the accept key answers.</summary>
    public string Key { get; } = key;

    /// <summary>The bytes of the request line and headers, final empty line included.</summary>
    public int HeadLength { get; } = headLength;
}
