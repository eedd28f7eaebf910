using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using ScriptService.Diagnostics.Prometheus;

namespace ScriptService.Tests.Diagnostics;

/// <summary>The exporter's text on instruments made for the test, through a meter factory of its own.</summary>
public sealed class PrometheusExporterTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly PrometheusExporter _exporter;
    private readonly Meter _meter;

    public PrometheusExporterTests()
    {
        var factory = _services.GetRequiredService<IMeterFactory>();
        _exporter = new PrometheusExporter(factory);
        _meter = factory.Create("ScriptService");
    }

    [Fact]
    public async Task TagValuesBeyondTheCap_GoIntoOneOverflowSeries()
    {
        var counter = _meter.CreateCounter<long>("test.requests", "{request}", "Requests.");
        for (var i = 0; i < InstrumentAggregate.MaxSeries + 50; i++)
        {
            counter.Add(1, new KeyValuePair<string, object?>("id", i));
        }

        counter.Add(2, new KeyValuePair<string, object?>("id", 0));
        var samples = Samples(await _exporter.CollectAsync(CancellationToken.None), "test_requests_total");

        Assert.Equal(InstrumentAggregate.MaxSeries + 1, samples.Count);
        Assert.Contains("test_requests_total{id=\"0\"} 3", samples);
        Assert.Contains("test_requests_total{otel_metric_overflow=\"true\"} 50", samples);
    }

    [Fact]
    public async Task NamesUnitsTypesAndLabels_FollowOpenTelemetrysConventions()
    {
        _meter.CreateUpDownCounter<int>("test.sockets.open", "{socket}", "Open.").Add(3, new KeyValuePair<string, object?>("socketio.namespace", "/a\"b\\c\nd"));
        _meter.CreateCounter<long>("test.received", "By", "Bytes.").Add(10);
        _meter.CreateObservableGauge("test.depth", () => 7, "{job}", "Depth.");

        var text = await _exporter.CollectAsync(CancellationToken.None);

        Assert.Contains("# TYPE test_sockets_open gauge\n", text, StringComparison.Ordinal);
        Assert.Contains("test_sockets_open{socketio_namespace=\"/a\\\"b\\\\c\\nd\"} 3\n", text, StringComparison.Ordinal);
        Assert.Contains("# HELP test_received_bytes_total Bytes.\n# TYPE test_received_bytes_total counter\ntest_received_bytes_total 10\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE test_depth gauge\ntest_depth 7\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Histogram_UsesTheAdvisedBoundaries_CumulativeWithSumAndCount()
    {
        var histogram = _meter.CreateHistogram<double>("test.wait", "s", "Wait.", tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 1] });
        histogram.Record(0.1);
        histogram.Record(0.5);
        histogram.Record(4);

        var samples = Samples(await _exporter.CollectAsync(CancellationToken.None), "test_wait_seconds");

        Assert.Equal(
            [
                "test_wait_seconds_bucket{le=\"0.1\"} 1",
                "test_wait_seconds_bucket{le=\"1\"} 2",
                "test_wait_seconds_bucket{le=\"+Inf\"} 3",
                "test_wait_seconds_sum 4.6",
                "test_wait_seconds_count 3",
            ],
            samples);
    }

    [Fact]
    public async Task AMeterOfAnotherFactory_IsNotExported()
    {
        using var other = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var foreign = other.GetRequiredService<IMeterFactory>().Create("ScriptService");
        foreign.CreateCounter<long>("test.foreign").Add(1);
        _meter.CreateCounter<long>("test.own").Add(1);

        var text = await _exporter.CollectAsync(CancellationToken.None);

        Assert.Contains("test_own_total 1", text, StringComparison.Ordinal);
        Assert.DoesNotContain("test_foreign", text, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _exporter.Dispose();
        _services.Dispose();
    }

    private static List<string> Samples(string text, string prefix) =>
        [.. text.Split('\n').Where(l => l.StartsWith(prefix, StringComparison.Ordinal))];
}
