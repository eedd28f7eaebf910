using System.Diagnostics.Tracing;
using System.Globalization;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;

namespace LoadDriver.Stats;

/// <summary>
/// The latest <c>System.Runtime</c> EventCounters of another .NET process, read over its diagnostics IPC channel (an
/// EventPipe session), so that the server under test needs no change and no extra endpoint. The counters arrive once
/// per interval on a thread of their own; <see cref="Snapshot"/> hands out the latest set.
/// </summary>
internal sealed class RuntimeCounters : IDisposable
{
    private const string ProviderName = "System.Runtime";

    private readonly Dictionary<string, double> _latest = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly EventPipeSession _session;
    private readonly Thread _reader;

    private RuntimeCounters(EventPipeSession session)
    {
        _session = session;
        _reader = new Thread(Read) { IsBackground = true, Name = "server runtime counters" };
        _reader.Start();
    }

    /// <summary>Why the counters could not be read (the session ended, or never started); null while they flow.</summary>
    public string? Failure { get; private set; }

    /// <summary>Starts a session on <paramref name="pid"/>; null (and <paramref name="failure"/>) when the process
    /// has no diagnostics channel: not .NET, or started with <c>DOTNET_EnableDiagnostics=0</c>.</summary>
    public static RuntimeCounters? TryStart(int pid, double intervalSeconds, out string? failure)
    {
        var arguments = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["EventCounterIntervalSec"] = Math.Max(1, intervalSeconds).ToString("0.###", CultureInfo.InvariantCulture),
        };
        try
        {
            var session = new DiagnosticsClient(pid).StartEventPipeSession(
                new EventPipeProvider(ProviderName, EventLevel.Informational, keywords: 0, arguments), requestRundown: false);
            failure = null;
            return new RuntimeCounters(session);
        }
        catch (Exception e) when (e is ServerNotAvailableException or DiagnosticsClientException or UnsupportedCommandException or IOException or TimeoutException)
        {
            failure = $"no diagnostics channel on pid {pid}: {e.Message}";
            return null;
        }
    }

    /// <summary>The latest value of each polling counter (bytes for sizes: the runtime publishes some in MB, see
    /// <see cref="ToBytes"/>), and the total since the session began of each incrementing one (e.g. the number of
    /// gen 2 GCs in <c>gen-2-gc-count</c>).</summary>
    public Dictionary<string, double> Snapshot()
    {
        lock (_lock)
        {
            return new Dictionary<string, double>(_latest, StringComparer.Ordinal);
        }
    }

    public void Dispose()
    {
        try
        {
            _session.Stop();
        }
        catch (Exception e) when (e is ServerNotAvailableException or DiagnosticsClientException or IOException or TimeoutException or ObjectDisposedException)
        {
            // The server exited first: nothing to stop.
        }

        _reader.Join(TimeSpan.FromSeconds(5));
        _session.Dispose();
    }

    private void Read()
    {
        try
        {
            using var source = new EventPipeEventSource(_session.EventStream);
            source.Dynamic.All += OnEvent;
            source.Process();
            Failure ??= "the server's event stream ended";
        }
        catch (Exception e)
        {
            // Whatever the stream does when the server dies, the run goes on without the counters.
            Failure = $"the server's event stream failed: {e.Message}";
        }
    }

    private void OnEvent(TraceEvent data)
    {
        if (data.EventName != "EventCounters" || data.PayloadValue(0) is not IDictionary<string, object> outer
            || outer.TryGetValue("Payload", out var inner) is false || inner is not IDictionary<string, object> payload
            || payload.TryGetValue("Name", out var nameValue) is false || nameValue is not string name)
        {
            return;
        }

        // A polling counter publishes "Mean", an incrementing one "Increment" (its change over the interval).
        var incrementing = payload.TryGetValue("Increment", out var increment);
        var value = payload.TryGetValue("Mean", out var mean) ? mean : incrementing ? increment : null;
        if (value is null)
        {
            return;
        }

        var units = payload.TryGetValue("DisplayUnits", out var unitValue) ? unitValue as string : null;
        var number = ToBytes(Convert.ToDouble(value, CultureInfo.InvariantCulture), units);
        lock (_lock)
        {
            _latest[name] = incrementing ? _latest.GetValueOrDefault(name) + number : number;
        }
    }

    /// <summary>Sizes the runtime publishes in MB (10^6 bytes, by its own definition) become bytes.</summary>
    private static double ToBytes(double value, string? units) => units == "MB" ? value * 1_000_000 : value;
}
