using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace ScriptService.Tests.Cluster.Infrastructure;

/// <summary>
/// The deployment recipe itself (deploy/start.sh, deploy/stop.sh) run by a test: Redis, the service's nodes (this
/// build's binary, through <c>DEPLOY_SERVICE_BIN</c>) and HAProxy, on free loopback ports, in a run folder of its
/// own. Every process is stopped by its PID when the test ends, by stop.sh and, for anything it left, by the PID files.
/// </summary>
internal sealed class Deployment : IAsyncDisposable
{
    /// <summary>How long one run of start.sh or stop.sh may take (the scripts bound each of their own waits too).</summary>
    private static readonly TimeSpan _scriptTimeout = TimeSpan.FromMinutes(3);

    private static readonly string[] _componentPidFiles = ["haproxy", "node1", "node2", "node3", "node4", "node5", "redis"];

    private readonly Dictionary<string, string> _environment;
    private readonly StringBuilder _scriptLog = new();

    private Deployment(string runDirectory, Dictionary<string, string> environment, int port, int[] nodePorts, int statsPort)
    {
        RunDirectory = runDirectory;
        _environment = environment;
        Url = "http://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture);
        NodeUrls = [.. nodePorts.Select(p => "http://127.0.0.1:" + p.ToString(CultureInfo.InvariantCulture))];
        StatsUrl = "http://127.0.0.1:" + statsPort.ToString(CultureInfo.InvariantCulture);
        Http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>The repository's root (the folder of ScriptService.sln).</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>HAProxy's address, the one clients use.</summary>
    public string Url { get; }

    /// <summary>Each node's own address, node1 first.</summary>
    public IReadOnlyList<string> NodeUrls { get; }

    /// <summary>HAProxy's statistics page.</summary>
    public string StatsUrl { get; }

    public string RunDirectory { get; }

    public HttpClient Http { get; }

    /// <summary>
    /// Runs deploy/start.sh with <paramref name="serviceEnvironment"/> (<c>ScriptService__...</c> variables) added to
    /// the nodes' environment; a job of a node that stops is another's after 5 s.
    /// </summary>
    public static async Task<Deployment> StartAsync(IReadOnlyDictionary<string, string>? serviceEnvironment = null, int nodes = 3)
    {
        var ports = FreePorts(nodes + 3);
        var runDirectory = Path.Combine(Path.GetTempPath(), "deploy-test-" + Guid.NewGuid().ToString("N")[..10]);
        var environment = new Dictionary<string, string>
        {
            ["DEPLOY_RUN_DIR"] = runDirectory,
            ["DEPLOY_NODES"] = nodes.ToString(CultureInfo.InvariantCulture),
            ["DEPLOY_PORT"] = ports[0].ToString(CultureInfo.InvariantCulture),
            ["DEPLOY_STATS_PORT"] = ports[1].ToString(CultureInfo.InvariantCulture),
            ["DEPLOY_REDIS_PORT"] = ports[2].ToString(CultureInfo.InvariantCulture),
            ["DEPLOY_NODE_PORTS"] = string.Join(' ', ports[3..]),
            ["DEPLOY_SERVICE_BIN"] = ServiceBinary(),
            // Each job in these tests is written once; everysec keeps Redis's fsyncs off the 2 shared cores.
            ["DEPLOY_REDIS_APPENDFSYNC"] = "everysec",
            ["ScriptService__Redis__StaleJobAfter"] = "00:00:05",
        };
        foreach (var (name, value) in serviceEnvironment ?? new Dictionary<string, string>())
        {
            environment[name] = value;
        }

        var deployment = new Deployment(runDirectory, environment, ports[0], ports[3..], ports[1]);
        try
        {
            await deployment.RunScriptAsync("start.sh");
        }
        catch
        {
            await deployment.DisposeAsync();
            throw;
        }

        return deployment;
    }

    /// <summary>deploy/start.sh with components (e.g. <c>node2</c>, <c>redis</c>): waits until they are ready.</summary>
    public Task StartAsync(params string[] components) => RunScriptAsync("start.sh", components);

    /// <summary>deploy/stop.sh with components: SIGTERM and waits until each is gone.</summary>
    public Task StopAsync(params string[] components) => RunScriptAsync("stop.sh", components);

    /// <summary>The PID in a component's PID file.</summary>
    public int Pid(string component) =>
        int.Parse(File.ReadAllText(Path.Combine(RunDirectory, component + ".pid")).Trim(), CultureInfo.InvariantCulture);

    /// <summary><c>kill -9</c> of a node, as a crash would; then stop.sh, which waits until it is gone and forgets its PID.</summary>
    public async Task KillAsync(string component)
    {
        var pid = Pid(component);
        using (var kill = Process.Start(ChildProcess.CreateStartInfo("bash", RunDirectory, ["-c", "kill -9 " + pid.ToString(CultureInfo.InvariantCulture)]))!)
        {
            await kill.WaitForExitAsync().DefaultTimeout();
            Assert.True(kill.ExitCode == 0, $"kill -9 {pid} failed: {await kill.StandardError.ReadToEndAsync()}");
        }

        await StopAsync(component);
    }

    public Task<HttpResponseMessage> PostAsync(string baseUrl, JsonNode body) =>
        Http.PostAsync(baseUrl + "/api/scripts", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));

    public Task<HttpResponseMessage> GetJobAsync(string baseUrl, string jobId) =>
        Http.GetAsync(baseUrl + "/api/scripts/" + Uri.EscapeDataString(jobId));

    /// <summary>HAProxy's statistics (CSV), one dictionary per row (proxy, server) by column name.</summary>
    public async Task<IReadOnlyList<Dictionary<string, string>>> StatsAsync()
    {
        var csv = await Http.GetStringAsync(StatsUrl + "/;csv");
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].TrimStart('#', ' ').Split(',');
        return [.. lines.Skip(1).Select(line =>
        {
            var fields = line.Split(',');
            return header.Select((name, i) => (name, value: i < fields.Length ? fields[i] : "")).Where(f => f.name.Length > 0).ToDictionary(f => f.name, f => f.value);
        })];
    }

    /// <summary>The scripts' output, and the end of every process's log, for failure messages.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        lock (_scriptLog)
        {
            text.AppendLine("--- deploy scripts ---").Append(_scriptLog);
        }

        foreach (var log in new[] { "redis/redis.log", "node1/node.log", "node2/node.log", "node3/node.log", "haproxy.log" })
        {
            var path = Path.Combine(RunDirectory, log);
            if (File.Exists(path))
            {
                var lines = ReadShared(path).Split('\n');
                text.AppendLine(CultureInfo.InvariantCulture, $"--- {log} (last 40 lines) ---").AppendJoin('\n', lines.TakeLast(40)).AppendLine();
            }
        }

        return text.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        try
        {
            await RunScriptAsync("stop.sh");
        }
        finally
        {
            // Whatever stop.sh could not stop: by the PIDs it left behind, and only if the process is still ours.
            foreach (var component in _componentPidFiles)
            {
                var file = Path.Combine(RunDirectory, component + ".pid");
                if (File.Exists(file) && int.TryParse(File.ReadAllText(file).Trim(), out var pid))
                {
                    try
                    {
                        var commandLine = File.ReadAllText($"/proc/{pid}/cmdline");
                        if (commandLine.Contains("redis-server", StringComparison.Ordinal) || commandLine.Contains("haproxy", StringComparison.Ordinal)
                            || commandLine.Contains("ScriptService", StringComparison.Ordinal))
                        {
                            using var process = Process.GetProcessById(pid);
                            process.Kill();
                        }
                    }
                    catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
                    {
                        // Gone already.
                    }
                }
            }

            try
            {
                Directory.Delete(RunDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A log still being written by a process that is going away: the temp folder keeps it.
            }
        }
    }

    private async Task RunScriptAsync(string script, params string[] args)
    {
        var startInfo = ChildProcess.CreateStartInfo("bash", RepositoryRoot, [Path.Combine(RepositoryRoot, "deploy", script), .. args]);
        foreach (var (name, value) in _environment)
        {
            startInfo.Environment[name] = value;
        }

        using var process = new Process { StartInfo = startInfo };
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync().WaitAsync(_scriptTimeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.WaitForExit();
        string text;
        lock (output)
        {
            text = output.ToString();
        }

        lock (_scriptLog)
        {
            _scriptLog.AppendLine(CultureInfo.InvariantCulture, $"$ deploy/{script} {string.Join(' ', args)}").Append(text);
        }

        Assert.True(process.HasExited && process.ExitCode == 0, $"deploy/{script} {string.Join(' ', args)} failed ({(process.HasExited ? "exit " + process.ExitCode : "timed out")}).{Environment.NewLine}{Describe()}");
    }

    /// <summary>This build's service executable (the apphost beside ScriptService.dll in src/ScriptService/bin).</summary>
    private static string ServiceBinary()
    {
        // The tests' own configuration (bin/<Configuration>/net10.0): the service was built with it as their reference.
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = framework.Parent!.Name;
        var binary = Path.Combine(RepositoryRoot, "src", "ScriptService", "bin", configuration, framework.Name, "ScriptService");
        Assert.True(File.Exists(binary), $"The service's build is missing: {binary}");
        return binary;
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ScriptService.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("ScriptService.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Distinct free loopback ports, held together while they are chosen so that none comes twice.</summary>
    private static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
