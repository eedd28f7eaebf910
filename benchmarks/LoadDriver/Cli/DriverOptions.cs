using System.Globalization;
using LoadDriver.Results;

namespace LoadDriver.Cli;

/// <summary>The parsed command line: <c>MODE --option value ...</c>.</summary>
internal sealed class DriverOptions
{
    public const int MaxConnections = 30_000;

    /// <summary>The cluster mode spreads its connections over several server processes, so it may hold more.</summary>
    public const int MaxClusterConnections = 150_000;

    public const string Usage = """
        usage: LoadDriver MODE --url http://127.0.0.1:PORT [options]

        modes:
          density   --connections N [--concurrency 200] [--settle 10] [--hold 80] [--sample-interval 1]
          echo      --connections C [--duration 30] [--warmup 5] [--payload-bytes 32] [--parser default|msgpack]
          broadcast --connections N [--messages 20] [--interval-ms 500] [--payload-bytes 64] [--room bench]
          jobs      --clients C [--rounds 3] [--job-timeout 300]
          soak      --connections N [--duration 1800] [--warmup 600] [--sample-interval 10] [--churn-per-second 5]
                    [--jobs-per-second 2] [--polling-share 0.1] [--upgrade-share 0.1] [--job-timeout 60]
          cluster   --urls URL1,URL2,... --connections N [--server-pids PID1,PID2,...] [--messages 20] [--interval-ms 500]
                    [--payload-bytes 64] [--room bench] [--settle 5] [--hold 0] [--count yes|no]
                    (instead of --url; at most 150,000)
          storm     --connections N [--urls URL1,URL2,...] [--interval-ms 100] [--cut-after 20] [--tail 20] [--messages 600] [--payload-bytes 64]
                    [--room bench] [--reconnect-delay-ms 1000] [--reconnect-jitter 0.5] [--reconnect-attempts 3]

        common: [--out FILE.json] [--label NAME] [--server-pid PID] [--timeout 900] [--path /socket.io/]
                [--concurrency 200] [--handshake-timeout 30] [--per-worker 8000] [--per-address 1000]
        (density and soak require --server-pid; soak's --timeout defaults to its duration + 900 s;
         at most 30,000 connections; loopback targets only)
        """;

    private readonly Dictionary<string, string> _values;

    private DriverOptions(string mode, Dictionary<string, string> values)
    {
        Mode = mode;
        _values = values;
        if (mode == "cluster" || (mode == "storm" && _values.ContainsKey("urls")))
        {
            Urls = [.. Required("urls").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(ParseUrl)];
            if (Urls.Count == 0)
            {
                throw new UsageException("--urls needs at least one URL");
            }

            Url = Urls[0];
        }
        else
        {
            Url = ParseUrl(Required("url"));
            Urls = [Url];
        }

        Path = String("path", "/socket.io/");
        Label = String("label", "");
        Out = _values.Remove("out", out var output) ? output : null;
        ServerPid = _values.ContainsKey("server-pid") ? Int("server-pid", 0, 1, int.MaxValue) : null;
        Timeout = Double("timeout", mode == "soak" ? double.NaN : 900, 1, 86_400);
        HandshakeTimeout = Double("handshake-timeout", 30, 0.1, 600);
        Concurrency = Int("concurrency", 200, 1, MaxConnections);
        PerWorker = Int("per-worker", 8000, 1, 18_000);
        PerAddress = Int("per-address", 1000, 1, 20_000);
        switch (mode)
        {
            case "density":
                Connections = Int("connections", null, 1, MaxConnections);
                Settle = Double("settle", 10, 0, 3600);
                Hold = Double("hold", 80, 0, 86_400);
                SampleInterval = Double("sample-interval", 1, 0.1, 3600);
                if (ServerPid is null)
                {
                    throw new UsageException("density needs --server-pid (it measures the server's memory)");
                }

                break;
            case "echo":
                Connections = Int("connections", null, 1, MaxConnections);
                Duration = Double("duration", 30, 0.1, 86_400);
                Warmup = Double("warmup", 5, 0, 3600);
                PayloadBytes = Int("payload-bytes", 32, 0, 1_000_000);
                Parser = String("parser", "default");
                if (Parser is not ("default" or "msgpack"))
                {
                    throw new UsageException($"--parser must be default or msgpack, got '{Parser}'");
                }

                break;
            case "broadcast":
                Connections = Int("connections", null, 1, MaxConnections);
                Messages = Int("messages", 20, 1, 100_000);
                IntervalMs = Int("interval-ms", 500, 0, 3_600_000);
                PayloadBytes = Int("payload-bytes", 64, 0, 1_000_000);
                Room = String("room", "bench");
                break;
            case "jobs":
                Clients = Int("clients", null, 1, MaxConnections);
                Rounds = Int("rounds", 3, 1, 10_000);
                JobTimeout = Double("job-timeout", 300, 1, 86_400);
                // A jobs client holds a WebSocket and an HTTP connection: two descriptors.
                PerWorker = Math.Min(PerWorker, 9000);
                break;
            case "cluster":
                Connections = Int("connections", null, 1, MaxClusterConnections);
                Messages = Int("messages", 20, 1, 100_000);
                IntervalMs = Int("interval-ms", 500, 0, 3_600_000);
                PayloadBytes = Int("payload-bytes", 64, 0, 1_000_000);
                Room = String("room", "bench");
                Settle = Double("settle", 5, 0, 3600);
                Hold = Double("hold", 0, 0, 86_400);
                AskCount = String("count", "yes") switch
                {
                    "yes" => true,
                    "no" => false,
                    var other => throw new UsageException($"--count must be yes or no, got '{other}'"),
                };
                if (_values.Remove("server-pids", out var pids))
                {
                    ServerPids = [.. pids.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(ParsePid)];
                    if (ServerPids.Count != Urls.Count)
                    {
                        throw new UsageException($"--server-pids has {ServerPids.Count} entries for {Urls.Count} --urls");
                    }
                }

                break;
            case "storm":
                Connections = Int("connections", null, 1, MaxConnections);
                IntervalMs = Int("interval-ms", 100, 1, 60_000);
                CutAfter = Int("cut-after", 20, 1, 100_000);
                Tail = Int("tail", 20, 1, 100_000);
                Messages = Int("messages", 600, 2, 100_000);
                PayloadBytes = Int("payload-bytes", 64, 0, 1_000_000);
                Room = String("room", "bench");
                ReconnectDelayMs = Double("reconnect-delay-ms", 1000, 0, 600_000);
                ReconnectJitter = Double("reconnect-jitter", 0.5, 0, 1);
                ReconnectAttempts = Int("reconnect-attempts", 3, 1, 100);
                if (CutAfter + Tail > Messages)
                {
                    throw new UsageException("--cut-after + --tail must not exceed --messages (the stream's cap)");
                }

                break;
            case "soak":
                Connections = Int("connections", null, 1, MaxConnections);
                Duration = Double("duration", 1800, 1, 86_400);
                Warmup = Double("warmup", 600, 0, 86_400);
                SampleInterval = Double("sample-interval", 10, 0.5, 3600);
                ChurnPerSecond = Double("churn-per-second", 5, 0, 1000);
                JobsPerSecond = Double("jobs-per-second", 2, 0, 1000);
                PollingShare = Double("polling-share", 0.1, 0, 1);
                UpgradeShare = Double("upgrade-share", 0.1, 0, 1);
                JobTimeout = Double("job-timeout", 60, 1, 86_400);
                if (double.IsNaN(Timeout))
                {
                    // Room for the ramp and the last jobs on top of the soak itself.
                    Timeout = Duration + 900;
                }

                if (ServerPid is null)
                {
                    throw new UsageException("soak needs --server-pid (it samples the server's memory and descriptors)");
                }

                if (Warmup >= Duration)
                {
                    throw new UsageException("--warmup must be shorter than --duration (the verdict needs samples after it)");
                }

                if (PollingShare + UpgradeShare > 1)
                {
                    throw new UsageException("--polling-share + --upgrade-share must not exceed 1");
                }

                break;
            default:
                throw new UsageException($"unknown mode '{mode}'");
        }

        if (_values.Count > 0)
        {
            throw new UsageException($"unknown option for {mode}: --{string.Join(", --", _values.Keys)}");
        }
    }

    public string Mode { get; }

    public Uri Url { get; }

    /// <summary>Every server of the run: <c>--url</c> alone, or the cluster (or storm) mode's <c>--urls</c> (the first
    /// is the control connection's).</summary>
    public IReadOnlyList<Uri> Urls { get; }

    /// <summary>Cluster: the server processes whose RSS is summed, one per URL; empty when not given.</summary>
    public IReadOnlyList<int> ServerPids { get; } = [];

    /// <summary>Cluster: whether to ask the room's size through the cluster (fetchSockets on every node) after the join
    /// and at the end. Each node answers with every matching socket and its handshake, which at 100,000 sockets is
    /// tens of megabytes through Redis.</summary>
    public bool AskCount { get; } = true;

    public string Path { get; }

    public string Label { get; }

    public string? Out { get; }

    public int? ServerPid { get; }

    public double Timeout { get; }

    public double HandshakeTimeout { get; }

    public int Concurrency { get; }

    public int PerWorker { get; }

    public int PerAddress { get; }

    public int Connections { get; }

    public double Settle { get; }

    public double Hold { get; }

    public double SampleInterval { get; }

    public double Duration { get; }

    public double Warmup { get; }

    public int PayloadBytes { get; }

    /// <summary>Echo: the Socket.IO parser the connections speak, <c>default</c> or <c>msgpack</c> (socket.io-msgpack-parser).</summary>
    public string Parser { get; } = "default";

    public int Messages { get; }

    public int IntervalMs { get; }

    public string Room { get; } = "";

    public int Clients { get; }

    public int Rounds { get; }

    public double JobTimeout { get; }

    public double ChurnPerSecond { get; }

    public double JobsPerSecond { get; }

    public double PollingShare { get; }

    public double UpgradeShare { get; }

    /// <summary>Storm: messages emitted before the cut, and after every client's reconnect ended.</summary>
    public int CutAfter { get; }

    public int Tail { get; }

    /// <summary>Storm: socket.io-client's reconnection defaults (reconnectionDelay, randomizationFactor) and attempts.</summary>
    public double ReconnectDelayMs { get; }

    public double ReconnectJitter { get; }

    public int ReconnectAttempts { get; }

    public static DriverOptions Parse(string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith('-'))
        {
            throw new UsageException("missing mode");
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || args[i].Length == 2)
            {
                throw new UsageException($"expected an option, got '{args[i]}'");
            }

            if (i + 1 >= args.Length)
            {
                throw new UsageException($"{args[i]} needs a value");
            }

            if (!values.TryAdd(args[i][2..], args[i + 1]))
            {
                throw new UsageException($"{args[i]} given twice");
            }
        }

        return new DriverOptions(args[0], values);
    }

    public RunParameters ToParameters(int workerProcesses) => new()
    {
        Connections = Mode == "jobs" ? null : Connections,
        Clients = Mode == "jobs" ? Clients : null,
        Concurrency = Concurrency,
        Settle = Mode is "density" or "cluster" ? Settle : null,
        Hold = Mode is "density" or "cluster" ? Hold : null,
        SampleInterval = Mode is "density" or "soak" ? SampleInterval : null,
        Duration = Mode is "echo" or "soak" ? Duration : null,
        Warmup = Mode is "echo" or "soak" ? Warmup : null,
        PayloadBytes = Mode is "echo" or "broadcast" or "cluster" or "storm" ? PayloadBytes : null,
        Parser = Mode == "echo" ? Parser : null,
        Messages = Mode is "broadcast" or "cluster" or "storm" ? Messages : null,
        IntervalMs = Mode is "broadcast" or "cluster" or "storm" ? IntervalMs : null,
        Room = Mode is "broadcast" or "cluster" or "storm" ? Room : null,
        CutAfter = Mode == "storm" ? CutAfter : null,
        Tail = Mode == "storm" ? Tail : null,
        ReconnectDelayMs = Mode == "storm" ? ReconnectDelayMs : null,
        ReconnectJitter = Mode == "storm" ? ReconnectJitter : null,
        ReconnectAttempts = Mode == "storm" ? ReconnectAttempts : null,
        Servers = Mode == "cluster" || Urls.Count > 1 ? [.. Urls.Select(u => u.OriginalString)] : null,
        ServerPids = Mode == "cluster" && ServerPids.Count > 0 ? [.. ServerPids] : null,
        Count = Mode == "cluster" ? (AskCount ? "yes" : "no") : null,
        Rounds = Mode == "jobs" ? Rounds : null,
        JobTimeout = Mode is "jobs" or "soak" ? JobTimeout : null,
        ChurnPerSecond = Mode == "soak" ? ChurnPerSecond : null,
        JobsPerSecond = Mode == "soak" ? JobsPerSecond : null,
        PollingShare = Mode == "soak" ? PollingShare : null,
        UpgradeShare = Mode == "soak" ? UpgradeShare : null,
        Path = Path,
        ServerPid = ServerPid,
        Timeout = Timeout,
        HandshakeTimeout = HandshakeTimeout,
        PerWorker = PerWorker,
        PerAddress = PerAddress,
        Workers = workerProcesses,
    };

    private static Uri ParseUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var parsed) ? parsed : throw new UsageException($"not an absolute URL: '{url}'");

    private static int ParsePid(string text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid) && pid > 0
            ? pid
            : throw new UsageException($"--server-pids: not a process id: '{text}'");

    private string Required(string name) =>
        _values.Remove(name, out var value) ? value : throw new UsageException($"--{name} is required");

    private string String(string name, string fallback) => _values.Remove(name, out var value) ? value : fallback;

    private int Int(string name, int? fallback, int min, int max)
    {
        if (!_values.Remove(name, out var text))
        {
            return fallback ?? throw new UsageException($"--{name} is required");
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new UsageException($"--{name} must be an integer in [{min}, {max}], got '{text}'");
        }

        return value;
    }

    private double Double(string name, double fallback, double min, double max)
    {
        if (!_values.Remove(name, out var text))
        {
            return fallback;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new UsageException($"--{name} must be a number in [{min}, {max}], got '{text}'");
        }

        return value;
    }
}
