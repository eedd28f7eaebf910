using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.Json;

namespace SocketIo.InteropTests.Infrastructure;

/// <summary>
/// Runs one of the Node scripts in <c>client/</c> (the official <c>socket.io-client</c>, or Chromium through
/// <c>playwright-core</c>) and collects what it printed: one JSON object per line on stdout, diagnostics on stderr.
/// </summary>
public static class NodeClient
{
    /// <summary>The folder of the scripts and their <c>node_modules</c>.</summary>
    public static string ClientDirectory { get; } = typeof(NodeClient).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "InteropClientDirectory").Value!;

    /// <summary>The folder of the socket.io-client 2.x scripts (Engine.IO v3) and their <c>node_modules</c>.</summary>
    public static string LegacyClientDirectory { get; } = typeof(NodeClient).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "InteropLegacyClientDirectory").Value!;

    /// <summary>Runs <c>node client/&lt;script&gt; args...</c> and waits for it to exit (or kills it at the timeout).</summary>
    public static Task<NodeRun> RunAsync(string script, IEnumerable<string> args, InteropServer? server = null, TimeSpan? timeout = null) =>
        RunAsync(ClientDirectory, "npm ci --prefix tests/SocketIo.InteropTests/client", script, args, server, timeout);

    /// <summary>Runs <c>node client-v2/&lt;script&gt; args...</c>, a socket.io-client 2.x script, as <see cref="RunAsync(string, IEnumerable{string}, InteropServer?, TimeSpan?)"/>.</summary>
    public static Task<NodeRun> RunLegacyAsync(string script, IEnumerable<string> args, InteropServer? server = null, TimeSpan? timeout = null) =>
        RunAsync(LegacyClientDirectory, "npm ci --prefix tests/SocketIo.InteropTests/client-v2", script, args, server, timeout);

    private static async Task<NodeRun> RunAsync(string directory, string installCommand, string script, IEnumerable<string> args, InteropServer? server, TimeSpan? timeout)
    {
        NodeScript.EnsureInstalled(directory, installCommand);
        var startInfo = NodeScript.CreateStartInfo(directory, script, args);
        var commandLine = NodeScript.Describe(startInfo);
        using var process = new Process { StartInfo = startInfo };
        NodeScript.Start(process);

        // No input: a script that reads stdin gets end-of-file at once.
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var limit = timeout ?? NodeScript.RunTimeout;
        var timedOut = false;
        using (var cts = new CancellationTokenSource(limit))
        {
            try
            {
                await process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                timedOut = true;
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }

        // Once the tree is gone the pipes close; a bound keeps a stray grandchild from holding the test.
        var output = await ReadOrEmptyAsync(stdout);
        var errors = await ReadOrEmptyAsync(stderr);
        return new NodeRun(commandLine, process.ExitCode, timedOut, limit, output, errors, server);
    }

    private static async Task<string> ReadOrEmptyAsync(Task<string> read)
    {
        try
        {
            return await read.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            return "(the stream did not close)";
        }
    }
}

/// <summary>A finished script: its exit, and the JSON lines it printed.</summary>
public sealed class NodeRun
{
    private readonly InteropServer? _server;

    internal NodeRun(string commandLine, int exitCode, bool timedOut, TimeSpan timeout, string stdout, string stderr, InteropServer? server)
    {
        CommandLine = commandLine;
        ExitCode = exitCode;
        TimedOut = timedOut;
        Timeout = timeout;
        Stdout = stdout;
        Stderr = stderr;
        _server = server;
        var lines = new List<JsonElement>();
        foreach (var line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith('{'))
            {
                try
                {
                    lines.Add(JsonDocument.Parse(line).RootElement);
                }
                catch (JsonException)
                {
                    // Not one of ours: it still shows in the failure message.
                }
            }
        }

        Lines = lines;
    }

    public string CommandLine { get; }

    public int ExitCode { get; }

    public bool TimedOut { get; }

    public TimeSpan Timeout { get; }

    public string Stdout { get; }

    public string Stderr { get; }

    /// <summary>Every JSON object the script printed, in order.</summary>
    public IReadOnlyList<JsonElement> Lines { get; }

    /// <summary>Fails the test, with everything the script and the server said, unless the script exited with 0.</summary>
    public NodeRun EnsureSuccess()
    {
        if (TimedOut)
        {
            Assert.Fail($"The Node client did not finish within {Timeout} and was killed.{Environment.NewLine}{Describe()}");
        }

        if (ExitCode != 0)
        {
            Assert.Fail($"The Node client exited with {ExitCode}.{Environment.NewLine}{Describe()}");
        }

        return this;
    }

    /// <summary>The one line whose <c>step</c> is <paramref name="step"/>.</summary>
    public JsonElement Step(string step)
    {
        var found = All(step);
        if (found.Count != 1)
        {
            Assert.Fail($"Expected exactly one output line with step '{step}', found {found.Count}.{Environment.NewLine}{Describe()}");
        }

        return found[0];
    }

    /// <summary>Every line whose <c>step</c> is <paramref name="step"/>.</summary>
    public IReadOnlyList<JsonElement> All(string step) =>
        [.. Lines.Where(l => l.TryGetProperty("step", out var s) && s.ValueKind == JsonValueKind.String && s.GetString() == step)];

    /// <summary>The command, its exit, stdout, stderr and the server's recent log.</summary>
    public string Describe()
    {
        var text = new StringBuilder()
            .AppendLine($"command: {CommandLine}")
            .AppendLine($"exit code: {(TimedOut ? "killed (timeout)" : ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture))}")
            .AppendLine("--- stdout ---")
            .AppendLine(Stdout)
            .AppendLine("--- stderr ---")
            .AppendLine(Stderr);
        if (_server is not null)
        {
            text.AppendLine(_server.Describe());
        }

        return text.ToString();
    }
}
