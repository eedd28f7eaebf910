namespace ScriptService.Diagnostics.Prometheus;

/// <summary>How an instrument's measurements combine, and the Prometheus type they are exported as.</summary>
internal enum MetricKind
{
    /// <summary><c>Counter</c>: measurements are increments of a total (Prometheus counter).</summary>
    Counter,

    /// <summary><c>ObservableCounter</c>: each observation is the total itself (Prometheus counter).</summary>
    ObservedCounter,

    /// <summary><c>UpDownCounter</c>: increments and decrements of a level (Prometheus gauge).</summary>
    UpDownCounter,

    /// <summary><c>Gauge</c>, <c>ObservableGauge</c>, <c>ObservableUpDownCounter</c>: the last value (Prometheus gauge).</summary>
    LastValue,

    /// <summary><c>Histogram</c>: a distribution in buckets, with its sum and count (Prometheus histogram).</summary>
    Histogram,
}
