using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ScriptService.Diagnostics.Prometheus;

/// <summary>
/// What one instrument measured since the server started, per set of tags, and how it is named in Prometheus. A
/// measurement takes the instrument's lock and adds to a series found by comparing tags, so it allocates nothing once
/// its series exists.
/// </summary>
internal sealed class InstrumentAggregate
{
    /// <summary>
    /// Series one instrument may have; measurements with tags beyond them go into one series labelled
    /// <c>otel_metric_overflow="true"</c>, as OpenTelemetry does, so that unbounded tag values cannot grow memory.
    /// </summary>
    public const int MaxSeries = 2000;

    /// <summary>OpenTelemetry's default histogram boundaries, for instruments that advise none.</summary>
    private static readonly double[] DefaultBoundaries = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];

    private static readonly KeyValuePair<string, object?>[] OverflowTags = [new("otel_metric_overflow", "true")];

    private readonly Lock _lock = new();
    private readonly List<MetricSeries> _series = [];
    private MetricSeries? _overflow;

    public InstrumentAggregate(Instrument instrument)
    {
        Instrument = instrument;
        Kind = KindOf(instrument);
        Boundaries = Kind == MetricKind.Histogram ? BoundariesOf(instrument) : [];
        Name = PrometheusNames.MetricName(instrument.Name, instrument.Unit, Kind);
    }

    public Instrument Instrument { get; }

    public MetricKind Kind { get; }

    /// <summary>The metric's Prometheus name (without a histogram's <c>_bucket</c>, <c>_sum</c>, <c>_count</c>).</summary>
    public string Name { get; }

    /// <summary>A histogram's upper bucket bounds, inclusive, ascending.</summary>
    public double[] Boundaries { get; }

    /// <summary>Whether the values come from callbacks at collection time rather than from measurements.</summary>
    public bool IsObservable => Instrument.IsObservable;

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        lock (_lock)
        {
            var series = Find(tags);
            switch (Kind)
            {
                case MetricKind.Counter:
                case MetricKind.UpDownCounter:
                    series.Value += value;
                    break;
                case MetricKind.ObservedCounter:
                case MetricKind.LastValue:
                    series.Value = value;
                    break;
                case MetricKind.Histogram:
                    series.Value += value;
                    series.Count++;
                    series.Buckets[BucketOf(value)]++;
                    break;
            }
        }
    }

    /// <summary>
    /// Forgets an observable instrument's series before a collection, so that a series its callback no longer reports
    /// disappears instead of showing its last value forever.
    /// </summary>
    public void ResetObserved()
    {
        lock (_lock)
        {
            _series.Clear();
            _overflow = null;
        }
    }

    /// <summary>A copy of the series, to write without holding the lock.</summary>
    public List<(KeyValuePair<string, object?>[] Tags, double Value, long Count, long[] Buckets)> Snapshot()
    {
        lock (_lock)
        {
            var copy = new List<(KeyValuePair<string, object?>[], double, long, long[])>(_series.Count + 1);
            foreach (var series in _series)
            {
                copy.Add((series.Tags, series.Value, series.Count, [.. series.Buckets]));
            }

            if (_overflow is { } overflow)
            {
                copy.Add((overflow.Tags, overflow.Value, overflow.Count, [.. overflow.Buckets]));
            }

            return copy;
        }
    }

    private MetricSeries Find(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        Debug.Assert(_lock.IsHeldByCurrentThread, "The series are guarded by the instrument's lock.");
        foreach (var series in _series)
        {
            if (series.Matches(tags))
            {
                return series;
            }
        }

        if (_series.Count >= MaxSeries)
        {
            return _overflow ??= new MetricSeries(OverflowTags, Boundaries.Length + 1);
        }

        var added = new MetricSeries(tags.ToArray(), Kind == MetricKind.Histogram ? Boundaries.Length + 1 : 0);
        _series.Add(added);
        return added;
    }

    private int BucketOf(double value)
    {
        var boundaries = Boundaries;
        for (var i = 0; i < boundaries.Length; i++)
        {
            if (value <= boundaries[i])
            {
                return i;
            }
        }

        return boundaries.Length;
    }

    private static MetricKind KindOf(Instrument instrument)
    {
        var type = instrument.GetType();
        if (!type.IsGenericType)
        {
            return MetricKind.LastValue;
        }

        var definition = type.GetGenericTypeDefinition();
        if (definition == typeof(Counter<>))
        {
            return MetricKind.Counter;
        }

        if (definition == typeof(ObservableCounter<>))
        {
            return MetricKind.ObservedCounter;
        }

        if (definition == typeof(UpDownCounter<>))
        {
            return MetricKind.UpDownCounter;
        }

        return definition == typeof(Histogram<>) ? MetricKind.Histogram : MetricKind.LastValue;
    }

    private static double[] BoundariesOf(Instrument instrument) => instrument switch
    {
        Histogram<double> { Advice.HistogramBucketBoundaries: { Count: > 0 } b } => [.. b],
        Histogram<float> { Advice.HistogramBucketBoundaries: { Count: > 0 } b } => [.. b.Select(static v => (double)v)],
        Histogram<long> { Advice.HistogramBucketBoundaries: { Count: > 0 } b } => [.. b.Select(static v => (double)v)],
        Histogram<int> { Advice.HistogramBucketBoundaries: { Count: > 0 } b } => [.. b.Select(static v => (double)v)],
        Histogram<short> { Advice.HistogramBucketBoundaries: { Count: > 0 } b } => [.. b.Select(static v => (double)v)],
        Histogram<byte> { Advice.HistogramBucketBoundaries: { Count: > 0 } b } => [.. b.Select(static v => (double)v)],
        _ => DefaultBoundaries,
    };
}
