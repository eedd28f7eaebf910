using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;

namespace ScriptService.Diagnostics.Prometheus;

/// <summary>
/// Collects the host's meters for <c>/metrics</c> (Prometheus text format 0.0.4): every meter the host's
/// <see cref="IMeterFactory"/> made (<c>EngineIo</c>, <c>SocketIo</c>, <c>SocketIo.Redis</c>, <c>ScriptService</c>,
/// and ASP.NET Core's <c>Microsoft.AspNetCore.*</c>), and the runtime's <c>System.Runtime</c>.
/// </summary>
/// <remarks>
/// A listener of its own rather than OpenTelemetry's Prometheus exporter: that one is a prerelease, and it chooses
/// meters by name for the whole process, so two hosts in one process (the tests run dozens) would each export the
/// other's measurements; this one takes the meters of its own host's factory only.
/// </remarks>
internal sealed class PrometheusExporter : IDisposable
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>The runtime's meter (GC, thread pool, CPU): one per process, made by no factory.</summary>
    public const string RuntimeMeterName = "System.Runtime";

    private readonly MeterListener _listener;
    private readonly ConcurrentDictionary<Instrument, InstrumentAggregate> _instruments = new();
    private readonly SemaphoreSlim _collecting = new(1, 1);

    public PrometheusExporter(IMeterFactory meterFactory)
    {
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                var meter = instrument.Meter;
                if (ReferenceEquals(meter.Scope, meterFactory) || (meter.Scope is null && meter.Name == RuntimeMeterName))
                {
                    var aggregate = new InstrumentAggregate(instrument);
                    _instruments[instrument] = aggregate;
                    listener.EnableMeasurementEvents(instrument, aggregate);
                }
            },
            MeasurementsCompleted = (instrument, _) => _instruments.TryRemove(instrument, out InstrumentAggregate? _),
        };
        _listener.SetMeasurementEventCallback<double>(static (_, value, tags, state) => ((InstrumentAggregate)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<float>(static (_, value, tags, state) => ((InstrumentAggregate)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<long>(static (_, value, tags, state) => ((InstrumentAggregate)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>(static (_, value, tags, state) => ((InstrumentAggregate)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<short>(static (_, value, tags, state) => ((InstrumentAggregate)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<byte>(static (_, value, tags, state) => ((InstrumentAggregate)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<decimal>(static (_, value, tags, state) => ((InstrumentAggregate)state!).Record((double)value, tags));
        _listener.Start();
    }

    /// <summary>Observes the observable instruments and writes every metric in the text format.</summary>
    public async Task<string> CollectAsync(CancellationToken cancellationToken)
    {
        // One collection at a time: observable series are reset and observed again, which two at once would mix.
        await _collecting.WaitAsync(cancellationToken);
        try
        {
            var aggregates = _instruments.Values.ToList();
            foreach (var aggregate in aggregates)
            {
                if (aggregate.IsObservable)
                {
                    aggregate.ResetObserved();
                }
            }

            _listener.RecordObservableInstruments();
            return Write(aggregates);
        }
        finally
        {
            _collecting.Release();
        }
    }

    public void Dispose()
    {
        _listener.Dispose();
        _collecting.Dispose();
    }

    private static string Write(List<InstrumentAggregate> aggregates)
    {
        var text = new StringBuilder(16 * 1024);
        string? currentName = null;
        MetricKind currentKind = default;
        foreach (var aggregate in aggregates.OrderBy(static a => a.Name, StringComparer.Ordinal))
        {
            var series = aggregate.Snapshot();
            if (series.Count == 0)
            {
                continue;
            }

            if (aggregate.Name != currentName)
            {
                currentName = aggregate.Name;
                currentKind = aggregate.Kind;
                text.Append("# HELP ").Append(aggregate.Name).Append(' ').Append(PrometheusNames.Help(aggregate.Instrument.Description)).Append('\n');
                text.Append("# TYPE ").Append(aggregate.Name).Append(' ').Append(TypeName(aggregate.Kind)).Append('\n');
            }
            else if (TypeName(aggregate.Kind) != TypeName(currentKind))
            {
                // Two instruments with one Prometheus name but different types: a scraper would refuse the page.
                continue;
            }

            foreach (var (tags, value, count, buckets) in series)
            {
                if (aggregate.Kind != MetricKind.Histogram)
                {
                    WriteSample(text, aggregate.Name, tags, null, value);
                    continue;
                }

                long cumulative = 0;
                for (var i = 0; i < aggregate.Boundaries.Length; i++)
                {
                    cumulative += buckets[i];
                    WriteSample(text, aggregate.Name + "_bucket", tags, PrometheusNames.Number(aggregate.Boundaries[i]), cumulative);
                }

                WriteSample(text, aggregate.Name + "_bucket", tags, "+Inf", count);
                WriteSample(text, aggregate.Name + "_sum", tags, null, value);
                WriteSample(text, aggregate.Name + "_count", tags, null, count);
            }
        }

        return text.ToString();
    }

    private static void WriteSample(StringBuilder text, string name, KeyValuePair<string, object?>[] tags, string? le, double value)
    {
        text.Append(name);
        if (tags.Length > 0 || le is not null)
        {
            text.Append('{');
            var first = true;
            foreach (var tag in tags.OrderBy(static t => t.Key, StringComparer.Ordinal))
            {
                if (!first)
                {
                    text.Append(',');
                }

                first = false;
                text.Append(PrometheusNames.LabelName(tag.Key)).Append("=\"");
                PrometheusNames.AppendLabelValue(text, tag.Value);
                text.Append('"');
            }

            if (le is not null)
            {
                text.Append(first ? "" : ",").Append("le=\"").Append(le).Append('"');
            }

            text.Append('}');
        }

        text.Append(' ').Append(PrometheusNames.Number(value)).Append('\n');
    }

    private static string TypeName(MetricKind kind) => kind switch
    {
        MetricKind.Counter or MetricKind.ObservedCounter => "counter",
        MetricKind.Histogram => "histogram",
        _ => "gauge",
    };
}
