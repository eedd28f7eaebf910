using System.Net;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using ScriptService.Tests.Service.Infrastructure;

namespace ScriptService.Tests.Service;

/// <summary>
/// The client guide (<c>docs/client-guide.md</c>) shows three examples, each a file of <c>examples/</c>: socket.io-client
/// (JavaScript), python-socketio (Python) and SocketIOClient (C#). These tests hold the guide to those files, and run
/// each file, unchanged, against a freshly started service: the flow must end with the job's script printed.
/// </summary>
public sealed partial class ClientGuideExampleTests
{
    private const string Guide = "docs/client-guide.md";
    private const string Topic = "Năng lượng mặt trời cho hộ gia đình";
    private const string ApiKey = "client-guide-example-key";

    /// <summary>Each example the guide must show, by the name the tests use.</summary>
    private static readonly Dictionary<string, string> _files = new(StringComparer.Ordinal)
    {
        ["javascript"] = "examples/node-client/client.mjs",
        ["python"] = "examples/python-client/client.py",
        ["csharp"] = "examples/dotnet-client/Program.cs",
    };

    private static readonly string _repository = FindRepository();

    public static TheoryData<string, bool> Examples => new()
    {
        { "javascript", false },
        { "javascript", true },
        { "python", false },
        { "python", true },
        { "csharp", false },
        { "csharp", true },
    };

    [Fact]
    public void ClientGuide_CodeBlocks_AreTheExampleFilesVerbatim()
    {
        var guide = File.ReadAllText(Path.Combine(_repository, Guide)).Replace("\r\n", "\n", StringComparison.Ordinal);
        var blocks = ExampleBlock().Matches(guide).ToDictionary(m => m.Groups["path"].Value, m => m.Groups["code"].Value, StringComparer.Ordinal);

        foreach (var path in _files.Values)
        {
            Assert.True(blocks.TryGetValue(path, out var shown), $"{Guide} has no code block marked <!-- example: {path} -->.");
            var file = File.ReadAllText(Path.Combine(_repository, path)).Replace("\r\n", "\n", StringComparison.Ordinal);
            Assert.True(
                shown == file.TrimEnd('\n'),
                $"The code block of {path} in {Guide} differs from the file; copy the file into the guide.{Environment.NewLine}" +
                $"--- guide ---{Environment.NewLine}{shown}{Environment.NewLine}--- file ---{Environment.NewLine}{file}");
        }

        Assert.True(
            blocks.Keys.All(_files.ContainsValue),
            $"{Guide} marks a code block as an example this test does not run: {string.Join(", ", blocks.Keys.Where(k => !_files.ContainsValue(k)))}");
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task Example_AgainstTheService_PrintsTheJobsScript(string example, bool authenticated)
    {
        await using var host = await ServiceHost.StartAsync(authenticated
            ? new Dictionary<string, string?> { ["ScriptService:Authentication:ApiKey"] = ApiKey }
            : null);
        string? token = authenticated ? ApiKey : null;

        var run = await RunExampleAsync(example, host.Url, token);
        var context = run.Describe() + Environment.NewLine + host.Describe();
        Assert.True(run.ExitCode == 0, $"The {example} example failed.{Environment.NewLine}{context}");

        // The flow's steps, in the example's own words.
        Assert.True(run.LinesStartingWith("connected as ").Count >= 1, $"No connection_ack was printed.{Environment.NewLine}{context}");
        var registered = run.LinesStartingWith("registered ");
        Assert.True(registered.Count == 1, $"Expected one 'registered <jobId>' line.{Environment.NewLine}{context}");
        var jobId = registered[0]["registered ".Length..].Trim();
        Assert.True(
            run.LinesStartingWith($"POST /api/scripts: 202 ").Count == 1,
            $"Expected the POST to be answered 202.{Environment.NewLine}{context}");

        // The script it printed is the one the service stored for that job: it came with scriptResult.
        using var response = await host.GetJobAsync(jobId, token);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET /api/scripts/{jobId} answered {(int)response.StatusCode}.{Environment.NewLine}{context}");
        var job = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("succeeded", job.GetProperty("state").GetString());
        var data = job.GetProperty("result").GetProperty("data");
        Assert.Equal(Topic, data.GetProperty("topic").GetString());
        var printed = $"# {data.GetProperty("title").GetString()}\n\n{data.GetProperty("description").GetString()}\n\n{data.GetProperty("script").GetString()}\n";
        Assert.True(run.Stdout.Contains(printed, StringComparison.Ordinal), $"The example did not print the job's script.{Environment.NewLine}{context}");
    }

    private static Task<ExampleProcess> RunExampleAsync(string example, string url, string? token)
    {
        // The token reaches an example only through SCRIPTSERVICE_TOKEN, as the guide says; one the test process may
        // have inherited is removed.
        var environment = new Dictionary<string, string?> { ["SCRIPTSERVICE_TOKEN"] = token };
        var file = Path.Combine(_repository, _files[example]);
        var folder = Path.GetDirectoryName(file)!;
        string[] flow = [url, Topic];
        switch (example)
        {
            case "javascript":
                Require(Path.Combine(folder, "node_modules", "socket.io-client", "package.json"), "npm ci --prefix examples/node-client");
                return ExampleProcess.RunAsync("node", [file, .. flow], folder, environment);
            case "python":
                // Debian's python3-socketio, not whatever `python3` a version manager puts first on PATH.
                return ExampleProcess.RunAsync("/usr/bin/python3", [file, .. flow], folder, environment);
            default:
                var dll = Path.Combine(folder, "bin", BuildConfiguration(), BuildFramework(), "DotnetClient.dll");
                Require(dll, "dotnet build examples/dotnet-client -c " + BuildConfiguration());
                var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
                return ExampleProcess.RunAsync(dotnet, [dll, .. flow], folder, environment);
        }
    }

    private static void Require(string path, string command)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{path} is missing: run `{command}` first (./test.sh does).");
        }
    }

    /// <summary>The example is built with the tests (a project reference) in the same configuration and framework.</summary>
    private static string BuildConfiguration() =>
        typeof(ClientGuideExampleTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";

    private static string BuildFramework() => new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Name;

    private static string FindRepository()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ScriptService.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"ScriptService.sln was not found above {AppContext.BaseDirectory}.");
    }

    /// <summary>A code block the guide marks as an example file: <c>&lt;!-- example: path --&gt;</c> right before its fence.</summary>
    [GeneratedRegex(@"<!-- example: (?<path>[^ ]+) -->\n```[a-z]*\n(?<code>.*?)\n```\n", RegexOptions.Singleline)]
    private static partial Regex ExampleBlock();
}
