using System.IO.Pipelines;
using EngineIo.Internal;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
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
/// <para>The peek keeps Kestrel's clock for it: until the first byte it waits at most
/// <see cref="KestrelServerLimits.KeepAliveTimeout"/>, from the first byte at most
/// <see cref="KestrelServerLimits.RequestHeadersTimeout"/>, and when either runs out it answers as Kestrel would (a
/// <c>408</c> once a head has begun, else nothing) and closes the connection. Handing such a connection on would
/// give the client Kestrel's full timeout again; for the same reason, once the peek has waited for more of a head it
/// hands on only a whole one (or one longer than Kestrel reads), never a part that Kestrel would wait on afresh.</para>
/// <para>When the client ends its side or the host stops, the peek hands the connection on at once (see
/// <see cref="ResumingPipeReader"/>), and Kestrel then does what it always does with it. The peek holds a timer and a
/// registration only while it waits for the head; a connection it takes or passes on keeps neither.</para>
/// </remarks>
internal sealed partial class DenseWebSocketMiddleware
{
    private readonly ConnectionDelegate _next;
    private readonly EngineIoServerRegistry _registry;
    private readonly IServiceProvider _services;
    private readonly KestrelServerLimits _limits;
    private readonly TimeProvider _timeProvider;
    private readonly CancellationToken _stopping;
    private readonly ILogger _logger;

    private static readonly HeaderDictionary _noHeaders = new();

    private DenseWebSocketMiddleware(ConnectionDelegate next, IServiceProvider services, EngineIoServerRegistry registry, KestrelServerLimits limits)
    {
        _next = next;
        _services = services;
        _registry = registry;
        _limits = limits;
        _timeProvider = services.GetService<TimeProvider>() ?? TimeProvider.System;
        _stopping = services.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;
        _logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("EngineIo.WebSockets");
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
        var (upgrade, serving) = await TryTakeAsync(connection);
        if (serving is null)
        {
            return _next(connection);
        }

        if (upgrade is null)
        {
            return serving;
        }

        // Accepted while the dispatcher ran (as it does unless AllowRequest waits): the task is the session's.
        return upgrade.Accepted && !serving.IsFaulted ? serving : upgrade.CompleteAsync(serving);
    }

    /// <summary>
    /// Peeks at the first request. Returns the upgrade serving it on the dense path and its dispatcher's task; or no
    /// upgrade and the task of the answer the peek gave itself (the client ran out of time); or nulls to pass the
    /// connection on.
    /// </summary>
    private async Task<(DenseWebSocketUpgrade? Upgrade, Task? Serving)> TryTakeAsync(ConnectionContext connection)
    {
        var input = connection.Transport.Input;
        var deadline = new PeekDeadline(input);
        Peek peek;
        // No registration on the connection's own tokens: a token keeps its registration node after the registration
        // is disposed, which would cost every connection that much for its whole life. A client that goes ends the
        // read by itself; the host's stopping token is shared, and so are its nodes.
        var timer = _timeProvider.CreateTimer(PeekDeadline.FireTimer, deadline, _limits.KeepAliveTimeout, Timeout.InfiniteTimeSpan);
        await using (timer)
        {
            using var stopping = _stopping.UnsafeRegister(PeekDeadline.Fire, deadline);
            peek = await PeekAsync(input, timer);
        }

        if (peek.Interrupted is { } interrupted && deadline.TimedOut)
        {
            // Kestrel would start its own timeout on what arrived, and the client would have twice its time.
            var headStarted = !interrupted.Buffer.IsEmpty;
            input.AdvanceTo(interrupted.Buffer.End);
            return (null, RespondTimedOutAsync(connection, headStarted));
        }

        if (peek.Interrupted is { } stopped)
        {
            // The host is stopping: Kestrel takes over, seeing what arrived so far.
            var resumed = new ReadResult(stopped.Buffer, isCanceled: false, stopped.IsCompleted);
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

        var upgrade = DenseWebSocketUpgrade.Start(connection, peek.Request!, _services, _logger, _timeProvider, out var dispatching);
        return (upgrade, dispatching);
    }

    /// <summary>
    /// Answers a client that ran out of time as Kestrel answers one: <c>408</c> and <c>Connection: close</c> once a
    /// head has begun, nothing before; then the connection closes.
    /// </summary>
    private async Task RespondTimedOutAsync(ConnectionContext connection, bool headStarted)
    {
        Log.HeadTimedOut(_logger, connection.ConnectionId, headStarted);
        var output = connection.Transport.Output;
        if (headStarted)
        {
            try
            {
                HttpHeadWriter.WriteResponse(output, StatusCodes.Status408RequestTimeout, _noHeaders, ReadOnlySpan<byte>.Empty, _timeProvider.GetUtcNow());
                await output.FlushAsync();
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException)
            {
                // The client is gone: nobody is left to answer.
            }
        }

        await output.CompleteAsync();
    }

    /// <summary>
    /// Reads until the head decides, consuming only a head to take. Marks examined only what a read showed to be
    /// incomplete, so that a later read waits for more data instead of spinning. The first bytes switch
    /// <paramref name="timer"/> from Kestrel's keep-alive timeout to its headers timeout, as Kestrel's own clock does.
    /// </summary>
    private async Task<Peek> PeekAsync(PipeReader input, ITimer timer)
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

            if (examined == 0 && !buffer.IsEmpty)
            {
                timer.Change(_limits.RequestHeadersTimeout, Timeout.InfiniteTimeSpan);
            }

            var decision = WebSocketUpgradeParser.Decide(buffer, _limits, _registry, out var request);
            if (decision == UpgradeDecision.Pass && examined > 0 && !result.IsCompleted && !WebSocketUpgradeParser.IsWholeHead(buffer, _limits))
            {
                // The client took its time over this head already; Kestrel would start its headers timeout afresh.
                decision = UpgradeDecision.NeedMoreData;
            }

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
