using EngineIo.WebSockets;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Microsoft.AspNetCore.Hosting;

/// <summary>The dense WebSocket path for Engine.IO (and so Socket.IO) endpoints.</summary>
public static class EngineIoListenOptionsExtensions
{
    /// <summary>
    /// Serves WebSocket connections to the app's Engine.IO endpoints on this listener with far less memory per idle
    /// connection: the RFC 6455 handshake and framing run on the connection itself, so none of Kestrel's HTTP request
    /// objects stay alive for the socket's life (the measured difference is in docs/benchmarks.md, "Connection
    /// density").
    /// </summary>
    /// <remarks>
    /// <para>Only a connection whose first request is a clean HTTP/1.1 <c>GET</c> WebSocket upgrade to a path mapped with
    /// <c>MapEngineIo</c> or <c>MapSocketIo</c> is taken; everything else (other paths and methods, polling, upgrades it
    /// does not recognise as plainly valid, a permessage-deflate offer to an endpoint that enables compression, HTTP/2,
    /// later requests on a kept-alive connection) goes untouched to Kestrel's HTTP pipeline, which serves it as usual.
    /// The same endpoint, with the same options and sessions, serves both paths; its checks and error answers are
    /// the same.</para>
    /// <para>What differs on the dense path: no HTTP middleware and no endpoint metadata apply to the upgrade request
    /// (authentication, authorization policies such as <c>RequireAuthorization</c>, CORS policies, host filtering,
    /// forwarded headers, path bases, rate limiting): decide with <see cref="EngineIo.EngineIoOptions.AllowRequest"/>,
    /// which runs on both paths, and whose <c>HttpContext</c> offers the request's headers, query, addresses and the
    /// app's root services (<c>RequestServices</c> is not a request scope). Paths are matched literally, ignoring case,
    /// so endpoints mapped in route groups or with route parameters are served by the standard path alone.
    /// Kestrel's <c>MaxConcurrentUpgradedConnections</c> does not count these connections.</para>
    /// <para>For TLS, call <c>UseHttps()</c> before this method, so that the handshake is already decrypted.</para>
    /// </remarks>
    /// <param name="listenOptions">The listener, e.g. in <c>ConfigureKestrel(k =&gt; k.ListenLocalhost(3000, l =&gt; l.UseEngineIoWebSockets()))</c>.</param>
    /// <returns>The listener, for chaining.</returns>
    public static ListenOptions UseEngineIoWebSockets(this ListenOptions listenOptions)
    {
        ArgumentNullException.ThrowIfNull(listenOptions);
        listenOptions.Use(next => DenseWebSocketMiddleware.Create(next, listenOptions).OnConnectionAsync);
        return listenOptions;
    }
}
