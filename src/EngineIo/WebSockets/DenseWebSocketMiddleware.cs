using System.IO.Pipelines;
using EngineIo.Internal;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EngineIo.WebSockets;

/// <summary>
/// The Kestrel connection middleware of the dense WebSocket path. On a new connection it peeks at the first request
/// without consuming it; a clean HTTP/1.1 WebSocket upgrade to a mapped Engine.IO endpoint is served right here, on the
/// connection's pipe, by the endpoint's own dispatcher; every other connection goes untouched to the next middleware,
/// Kestrel's HTTP pipeline, which reads the same bytes from the start.
/// </summary>
/// <remarks>
/// The peek waits at most Kestrel's <see cref="KestrelServerLimits.RequestHeadersTimeout"/>, and stops when the client
/// ends its side or the host stops; each of those hands the connection on (see <see cref="ResumingPipeReader"/>), and
/// Kestrel then does what it always does with it. The peek holds a timer and a registration only while it waits for
/// the head; a connection it takes or passes on keeps neither.
/// </remarks>
internal sealed class DenseWebSocketMiddleware
{
    private readonly ConnectionDelegate _next;
    private readonly EngineIoServerRegistry _registry;
    private readonly IServiceProvider _services;
    private readonly KestrelServerLimits _limits;
    private readonly TimeProvider _timeProvider;
    private readonly CancellationToken _stopping;
    private readonly DenseWebSocketLog _log;

    private DenseWebSocketMiddleware(ConnectionDelegate next, IServiceProvider services, EngineIoServerRegistry registry, KestrelServerLimits limits)
    {
        _next = next;
        _services = services;
        _registry = registry;
        _limits = limits;
        _timeProvider = services.GetService<TimeProvider>() ?? TimeProvider.System;
        _stopping = services.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;
        _log = new DenseWebSocketLog(services.GetRequiredService<ILoggerFactory>().CreateLogger("EngineIo.WebSockets"));
    }

    /// <summary>Called once, when Kestrel builds the listener's pipeline at startup: the app's services exist by then.</summary>
    public static DenseWebSocketMiddleware Create(ConnectionDelegate next, ListenOptions listenOptions)
    {
        var services = listenOptions.ApplicationServices;
        var registry = services.GetService<EngineIoServerRegistry>()
            ?? throw new InvalidOperationException("UseEngineIoWebSockets needs the Engine.IO services: call services.AddEngineIo() (or AddSocketIo()).");
        return new DenseWebSocketMiddleware(next, services, registry, listenOptions.KestrelServerOptions.Limits);
    }

    /// <remarks>
    /// No frame of this class waits for as long as the connection lives: the peek's ends once it has decided, and the
    /// connection's task is then the task of what serves it (Kestrel's HTTP pipeline, or the session's transport), behind
    /// one small promise. The head, the request and the peek's state are all gone by then.
    /// </remarks>
    public Task OnConnectionAsync(ConnectionContext connection) => StartAsync(connection).Unwrap();

    /// <summary>Peeks, then starts what serves the connection and returns its task.</summary>
    private async Task<Task> StartAsync(ConnectionContext connection)
    {
        var (upgrade, dispatching) = await TryTakeAsync(connection);
        if (upgrade is null)
        {
            return _next(connection);
        }

        // Accepted while the dispatcher ran (as it does unless AllowRequest waits): the task is the session's.
        return upgrade.Accepted && !dispatching!.IsFaulted ? dispatching : upgrade.CompleteAsync(dispatching!);
    }

    /// <summary>Peeks at the first request; returns the upgrade serving it on the dense path and its dispatcher's task, or nulls to pass the connection on.</summary>
    private async Task<(DenseWebSocketUpgrade? Upgrade, Task? Dispatching)> TryTakeAsync(ConnectionContext connection)
    {
        var input = connection.Transport.Input;
        var deadline = new PeekDeadline(input);
        Peek peek;
        // No registration on the connection's own tokens: a token keeps its registration node after the registration
        // is disposed, which would cost every connection that much for its whole life. A client that goes ends the
        // read by itself; the host's stopping token is shared, and so are its nodes.
        await using (_timeProvider.CreateTimer(PeekDeadline.FireTimer, deadline, _limits.RequestHeadersTimeout, Timeout.InfiniteTimeSpan))
        {
            using var stopping = _stopping.UnsafeRegister(PeekDeadline.Fire, deadline);
            peek = await PeekAsync(input);
        }

        if (peek.Interrupted is { } interrupted)
        {
            // Out of time, or the host is stopping: Kestrel takes over, seeing what arrived so far.
            var resumed = new ReadResult(interrupted.Buffer, isCanceled: false, interrupted.IsCompleted);
            connection.Transport = new DuplexPipe(new ResumingPipeReader(input, resumed), connection.Transport.Output);
            return default;
        }

        if (deadline.Fired && peek.Decision != UpgradeDecision.NeedMoreData)
        {
            // The deadline fired after the last read (every trigger is disposed by now, the timer's callback awaited):
            // its cancellation waits in the pipe, and the next reader would take it for one of its own.
            var stray = await input.ReadAsync();
            input.AdvanceTo(stray.Buffer.Start, stray.Buffer.GetPosition(peek.Examined));
        }

        if (peek.Decision != UpgradeDecision.Take)
        {
            return default;
        }

        var upgrade = DenseWebSocketUpgrade.Start(connection, peek.Request!, _services, _log, _timeProvider, out var dispatching);
        return (upgrade, dispatching);
    }

    /// <summary>
    /// Reads until the head decides, consuming only a head to take. Marks examined only what a read showed to be
    /// incomplete, so that a later read waits for more data instead of spinning.
    /// </summary>
    private async Task<Peek> PeekAsync(PipeReader input)
    {
        long examined = 0;
        while (true)
        {
            ReadResult result;
            try
            {
                result = await input.ReadAsync();
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException)
            {
                // The connection failed: Kestrel's own read fails the same way, and it closes the connection.
                return new Peek(UpgradeDecision.NeedMoreData, null, null, examined);
            }

            var buffer = result.Buffer;
            if (result.IsCanceled)
            {
                return new Peek(UpgradeDecision.Pass, null, result, examined);
            }

            var decision = WebSocketUpgradeParser.Decide(buffer, _limits, _registry, out var request);
            if (decision == UpgradeDecision.NeedMoreData && !result.IsCompleted)
            {
                input.AdvanceTo(buffer.Start, buffer.End);
                examined = buffer.Length;
                continue;
            }

            if (decision == UpgradeDecision.Take)
            {
                input.AdvanceTo(buffer.GetPosition(request!.HeadLength));
                return new Peek(UpgradeDecision.Take, request, null, 0);
            }

            // Nothing consumed, and examined only what an earlier read had already seen: unless this read brought
            // nothing new (the client ended its side), Kestrel's first read returns at once with all of it.
            input.AdvanceTo(buffer.Start, buffer.GetPosition(examined));
            return new Peek(UpgradeDecision.Pass, null, null, examined);
        }
    }

    /// <summary>
    /// How a peek ended: a decision (NeedMoreData when the connection failed), the head to take, the read a deadline
    /// interrupted (left unadvanced), and how many bytes from the unconsumed start are marked examined.
    /// </summary>
    private readonly record struct Peek(UpgradeDecision Decision, WebSocketUpgradeRequest? Request, ReadResult? Interrupted, long Examined);
}
