using System.Buffers;
using System.Diagnostics.Metrics;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;
using ScriptService.Diagnostics;

namespace ScriptService.Hosting;

/// <summary>
/// Keeps the open connections below what the process can hold. Past <c>RLIMIT_NOFILE</c>, accept() fails and Kestrel
/// retries it at once, spinning a core; so the cap leaves a reserve of descriptors for the job store, logs and the
/// runtime, and every connection beyond it is answered 503 with Retry-After and closed while the others go on.
/// </summary>
/// <remarks>
/// It runs first in every endpoint's connection pipeline. A refusal reads the request head before answering (closing
/// with unread input would reset the connection, and the client might never see the 503), but only a bounded number
/// of refusals wait for a head at once, each for a short time, so a flood cannot spend the reserve.
/// <para>It counts the open connections by Kestrel's own count, <c>kestrel.active_connections</c> on Kestrel's meter of
/// this host, which it listens to: Kestrel counts a connection before it runs the connection's pipeline and uncounts it
/// after, so the cap needs to learn nothing more of a connection, and holds nothing for it while it is open (awaiting
/// each connection's end would keep an async frame per connection). Only if that count is not published does it count
/// itself, that way.</para>
/// </remarks>
internal sealed partial class ConnectionCap : IDisposable
{
    /// <summary>Refusals are logged at most once per interval, with their count: a flood must not flood the log too.</summary>
    internal static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(10);

    private const int MaxWaitingRefusals = 64;
    private const int MaxRefusedHeadBytes = 16 * 1024;
    private static readonly TimeSpan _refusedHeadTimeout = TimeSpan.FromSeconds(1);

    /// <summary>Kestrel's meter and its count of open connections (ASP.NET Core's built-in metrics).</summary>
    private const string KestrelMeterName = "Microsoft.AspNetCore.Server.Kestrel";
    private const string KestrelActiveConnections = "kestrel.active_connections";

    private static readonly ReadOnlyMemory<byte> _refusal =
        "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\nRetry-After: 5\r\n\r\n"u8.ToArray();

    private readonly ILogger _logger;
    private readonly ServiceMetrics _metrics;
    private int _open;
    private int _waitingRefusals;
    private int _refusedSinceLog;

    /// <summary>1 while refusals are being counted for the next log line.</summary>
    private int _refusing;

    private readonly ITimer _logTimer;

    /// <summary>Listens to Kestrel's count of open connections (see the remarks).</summary>
    private readonly MeterListener _kestrelCount = new();

    /// <summary>Kestrel's count of open connections, as it publishes it.</summary>
    private long _kestrelOpen;

    /// <summary>Whether Kestrel publishes its count; until it does, the cap counts in <see cref="_open"/> itself.</summary>
    private volatile bool _kestrelCounts;

    public ConnectionCap(
        IOptions<ScriptServiceOptions> options,
        ILogger<ConnectionCap> logger,
        ServiceMetrics metrics,
        TimeProvider timeProvider,
        IMeterFactory meterFactory)
    {
        _logger = logger;
        _metrics = metrics;
        _kestrelCount.InstrumentPublished = (instrument, listener) =>
        {
            // This host's Kestrel only (its meter comes from this host's factory): a process may hold several hosts.
            if (instrument is UpDownCounter<long>
                && ReferenceEquals(instrument.Meter.Scope, meterFactory)
                && instrument.Meter.Name == KestrelMeterName
                && instrument.Name == KestrelActiveConnections)
            {
                listener.EnableMeasurementEvents(instrument, this);
            }
        };
        _kestrelCount.SetMeasurementEventCallback<long>(static (_, change, _, state) =>
        {
            var cap = (ConnectionCap)state!;
            Interlocked.Add(ref cap._kestrelOpen, change);
            cap._kestrelCounts = true;
        });
        _kestrelCount.Start();
        _logTimer = timeProvider.CreateTimer(static state => ((ConnectionCap)state!).OnLogInterval(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        var settings = options.Value;
        var descriptors = FileDescriptorLimit.Read();
        Limit = settings.MaxConcurrentConnections ?? Derive(descriptors, settings.FileDescriptorReserve);
        Log.ConnectionCapSet(logger, Limit, descriptors ?? -1, settings.FileDescriptorReserve);
    }

    /// <summary>The most connections open at once.</summary>
    public int Limit { get; }

    /// <summary>
    /// Connections open now: Kestrel's count, which includes refused connections until they are closed (they hold a
    /// descriptor too); without it, the cap's own count, which does not.
    /// </summary>
    public int Open => _kestrelCounts ? (int)Volatile.Read(ref _kestrelOpen) : Volatile.Read(ref _open);

    /// <summary>Whether the cap counts by Kestrel's count (see the remarks); for tests.</summary>
    internal bool CountsByKestrel => _kestrelCounts;

    /// <summary>The cap for a descriptor limit: the limit less the reserve, or no cap when there is no limit.</summary>
    public static int Derive(long? descriptorLimit, int reserve) =>
        descriptorLimit is { } limit ? (int)Math.Clamp(limit - reserve, 1, int.MaxValue) : int.MaxValue;

    /// <summary>The connection middleware, for <c>ListenOptions.Use</c>.</summary>
    public ConnectionDelegate Apply(ConnectionDelegate next) => connection => OnConnectionAsync(connection, next);

    private Task OnConnectionAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        if (_kestrelCounts)
        {
            // Kestrel has counted this connection already, and uncounts it when the pipeline returned here has ended.
            return Volatile.Read(ref _kestrelOpen) > Limit ? RefuseAsync(connection) : next(connection);
        }

        if (Interlocked.Increment(ref _open) > Limit)
        {
            Interlocked.Decrement(ref _open);
            return RefuseAsync(connection);
        }

        Task running;
        try
        {
            running = next(connection);
        }
        catch
        {
            Interlocked.Decrement(ref _open);
            throw;
        }

        if (running.IsCompleted)
        {
            Interlocked.Decrement(ref _open);
            return running;
        }

        return ReleaseWhenDoneAsync(running);
    }

    private async Task ReleaseWhenDoneAsync(Task running)
    {
        try
        {
            await running;
        }
        finally
        {
            Interlocked.Decrement(ref _open);
        }
    }

    private async Task RefuseAsync(ConnectionContext connection)
    {
        _metrics.ConnectionRefused();
        LogRefusal();
        try
        {
            if (Interlocked.Increment(ref _waitingRefusals) <= MaxWaitingRefusals)
            {
                await SkipRequestHeadAsync(connection);
            }

            await connection.Transport.Output.WriteAsync(_refusal, connection.ConnectionClosed);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ConnectionResetException or InvalidOperationException)
        {
            // The client went away first: nothing to answer.
        }
        finally
        {
            Interlocked.Decrement(ref _waitingRefusals);
        }
    }

    /// <summary>Reads what the client sent up to the end of its request head, within a short time and size.</summary>
    private static async Task SkipRequestHeadAsync(ConnectionContext connection)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed);
        timeout.CancelAfter(_refusedHeadTimeout);
        var input = connection.Transport.Input;
        var seen = 0L;
        while (true)
        {
            ReadResult result;
            try
            {
                result = await input.ReadAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var buffer = result.Buffer;
            var headEnd = new SequenceReader<byte>(buffer).TryReadTo(out ReadOnlySequence<byte> _, "\r\n\r\n"u8);
            seen += buffer.Length;
            input.AdvanceTo(buffer.End);
            if (headEnd || result.IsCompleted || seen >= MaxRefusedHeadBytes)
            {
                return;
            }
        }
    }

    /// <summary>
    /// The first refusal is logged at once; the ones that follow are counted and logged once per interval, until an
    /// interval passes with none.
    /// </summary>
    private void LogRefusal()
    {
        Interlocked.Increment(ref _refusedSinceLog);
        if (Interlocked.CompareExchange(ref _refusing, 1, 0) == 0)
        {
            Log.ConnectionsRefused(_logger, Interlocked.Exchange(ref _refusedSinceLog, 0), Limit, Open);
            _logTimer.Change(LogInterval, Timeout.InfiniteTimeSpan);
        }
    }

    private void OnLogInterval()
    {
        var refused = Interlocked.Exchange(ref _refusedSinceLog, 0);
        if (refused > 0)
        {
            Log.ConnectionsRefused(_logger, refused, Limit, Open);
            _logTimer.Change(LogInterval, Timeout.InfiniteTimeSpan);
            return;
        }

        Volatile.Write(ref _refusing, 0);
    }

    public void Dispose()
    {
        _kestrelCount.Dispose();
        _logTimer.Dispose();
    }
}
