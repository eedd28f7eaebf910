using System.Globalization;
using System.Net;
using System.Text.Json;
using ScriptService.Tests.Service.Infrastructure;

namespace ScriptService.Tests.Service;

/// <summary>
/// <c>/metrics</c> (ScriptService:Metrics:Prometheus): scraped with HttpClient and parsed by the Prometheus Python
/// client's own parser (metrics/parse.py), before and after real traffic from the official socket.io-client.
/// </summary>
public sealed class PrometheusTests
{
    private static readonly Dictionary<string, string?> On = new() { ["ScriptService:Metrics:Prometheus"] = "true" };

    [Fact]
    public async Task Off_ByDefault_MetricsIs404()
    {
        await using var host = await ServiceHost.StartAsync();
        using var response = await host.Http.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Scrape_ParsesWithTheRightTypes_AndValuesMoveWithTraffic()
    {
        await using var host = await ServiceHost.StartAsync(On);
        var before = await ScrapeAsync(host);

        await using var node = NodeDriver.Start(host);
        await node.ConnectAsync("a");
        var jobId = Scripts.NewJobId();
        Expect.AckSuccess(await node.RegisterAsync("a", jobId), jobId);
        await host.PostAcceptedAsync(Scripts.Body(jobId, "Metrics topic"));
        Expect.Succeeded(await node.ResultAsync("a", jobId), jobId, "Metrics topic");
        var after = await ScrapeAsync(host);

        // One socket connected and still open: the gauges of both layers are one higher, the counters moved.
        Assert.Equal("gauge", after.Type("socketio_sockets_connected"));
        Assert.Equal(before.Value("socketio_sockets_connected", ("socketio_namespace", "/")) + 1, after.Value("socketio_sockets_connected", ("socketio_namespace", "/")));
        Assert.Equal("gauge", after.Type("engineio_sessions_active"));
        Assert.Equal(before.Value("engineio_sessions_active") + 1, after.Value("engineio_sessions_active"));
        Assert.Equal("counter", after.Type("engineio_sessions_opened"));
        Assert.Equal(before.Value("engineio_sessions_opened_total", ("engineio_transport", "websocket")) + 1, after.Value("engineio_sessions_opened_total", ("engineio_transport", "websocket")));
        Assert.True(after.Value("engineio_packets_received_total") > before.Value("engineio_packets_received_total"));

        // The job: accepted and completed once, its duration in a histogram, the queue depth observed.
        Assert.Equal("counter", after.Type("scriptservice_jobs_accepted"));
        Assert.Equal(before.Value("scriptservice_jobs_accepted_total") + 1, after.Value("scriptservice_jobs_accepted_total"));
        Assert.Equal(before.Value("scriptservice_jobs_completed_total") + 1, after.Value("scriptservice_jobs_completed_total"));
        Assert.Equal("histogram", after.Type("scriptservice_job_duration_seconds"));
        Assert.Equal(before.Value("scriptservice_job_duration_seconds_count") + 1, after.Value("scriptservice_job_duration_seconds_count"));
        after.AssertHistogramConsistent("scriptservice_job_duration_seconds");
        Assert.Equal("gauge", after.Type("scriptservice_queue_depth"));
        Assert.Equal(0, after.Value("scriptservice_queue_depth"));

        // ASP.NET Core's own: the scrape is an active request while it runs, and the socket an open connection.
        Assert.Equal("gauge", after.Type("http_server_active_requests"));
        Assert.True(after.Value("http_server_active_requests") >= 1, after.Text);
        Assert.Equal("gauge", after.Type("kestrel_active_connections"));
        Assert.True(after.Value("kestrel_active_connections") >= 1, after.Text);
        Assert.Equal("histogram", after.Type("http_server_request_duration_seconds"));
        after.AssertHistogramConsistent("http_server_request_duration_seconds");
    }

    [Fact]
    public async Task TwoHostsInOneProcess_EachExportsOnlyItsOwnMeters()
    {
        await using var first = await ServiceHost.StartAsync(On);
        await using var second = await ServiceHost.StartAsync(On);
        await first.PostAcceptedAsync(Scripts.Body(Scripts.NewJobId()));

        var firstScrape = await ScrapeAsync(first);
        var secondScrape = await ScrapeAsync(second);

        // The meters have the same names in both hosts; a listener that chose meters by name would count the job twice.
        Assert.Equal(1, firstScrape.Value("scriptservice_jobs_accepted_total"));
        Assert.Equal(0, secondScrape.Value("scriptservice_jobs_accepted_total"));
    }

    [Fact]
    public async Task Metrics_IsNotInTheOpenApiDocument()
    {
        await using var host = await ServiceHost.StartAsync(On);
        using var document = JsonDocument.Parse(await host.Http.GetStringAsync("/openapi/v1.json"));

        Assert.False(document.RootElement.GetProperty("paths").TryGetProperty("/metrics", out _));
    }

    private static async Task<Scrape> ScrapeAsync(ServiceHost host)
    {
        using var response = await host.Http.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(response.Content.Headers.ContentType!.Parameters, p => p.Name == "version" && p.Value == "0.0.4");
        var text = await response.Content.ReadAsStringAsync();

        var file = Path.Combine(Path.GetTempPath(), $"scriptservice-metrics-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(file, text);
        try
        {
            // Debian's python3-prometheus-client, not whatever `python3` a version manager puts first on PATH.
            var parser = Path.Combine(TestFolder(), "metrics", "parse.py");
            var run = await ExampleProcess.RunAsync("/usr/bin/python3", [parser, file], Path.GetDirectoryName(parser)!, new Dictionary<string, string?>());
            Assert.True(run.ExitCode == 0, $"The Prometheus parser refused the page: {run.Describe()}{Environment.NewLine}{text}");
            return new Scrape(text, JsonDocument.Parse(run.Stdout).RootElement.GetProperty("families").Clone());
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static string TestFolder()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ScriptService.Tests.csproj")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"ScriptService.Tests.csproj was not found above {AppContext.BaseDirectory}.");
    }

    /// <summary>One parsed page: families by name (the parser's, without a counter's _total) and samples by name.</summary>
    private sealed class Scrape(string text, JsonElement families)
    {
        public string Text { get; } = text;

        public string? Type(string family) => families.EnumerateArray()
            .Where(f => f.GetProperty("name").GetString() == family)
            .Select(f => f.GetProperty("type").GetString())
            .FirstOrDefault();

        /// <summary>The sum of the samples of that name whose labels include these; 0 when there is none yet.</summary>
        public double Value(string sample, params (string Name, string Value)[] labels) =>
            Samples(sample).Where(s => labels.All(l => Label(s, l.Name) == l.Value)).Sum(s => s.GetProperty("value").GetDouble());

        /// <summary>Every series: buckets cumulative, the +Inf bucket equal to the count.</summary>
        public void AssertHistogramConsistent(string family)
        {
            var buckets = Samples(family + "_bucket").ToList();
            Assert.NotEmpty(buckets);
            foreach (var series in buckets.GroupBy(b => SeriesKey(b)))
            {
                var ordered = series.OrderBy(b => Bound(Label(b, "le")!)).ToList();
                for (var i = 1; i < ordered.Count; i++)
                {
                    Assert.True(ordered[i].GetProperty("value").GetDouble() >= ordered[i - 1].GetProperty("value").GetDouble(), $"{family} buckets not cumulative: {series.Key}");
                }

                Assert.Equal("+Inf", Label(ordered[^1], "le"));
                var count = Samples(family + "_count").Single(c => SeriesKey(c) == series.Key);
                Assert.Equal(count.GetProperty("value").GetDouble(), ordered[^1].GetProperty("value").GetDouble());
            }
        }

        private IEnumerable<JsonElement> Samples(string name) => families.EnumerateArray()
            .SelectMany(f => f.GetProperty("samples").EnumerateArray())
            .Where(s => s.GetProperty("name").GetString() == name);

        private static string? Label(JsonElement sample, string name) =>
            sample.GetProperty("labels").TryGetProperty(name, out var value) ? value.GetString() : null;

        private static string SeriesKey(JsonElement sample) => string.Join(',', sample.GetProperty("labels").EnumerateObject()
            .Where(l => l.Name != "le").OrderBy(l => l.Name, StringComparer.Ordinal).Select(l => $"{l.Name}={l.Value.GetString()}"));

        private static double Bound(string le) => le == "+Inf" ? double.PositiveInfinity : double.Parse(le, CultureInfo.InvariantCulture);
    }
}
