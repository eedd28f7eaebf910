using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;

namespace ScriptService.Tests.Service.Infrastructure;

/// <summary>
/// The service as its own process (<c>dotnet ScriptService.dll</c> from this test's output folder, where the project
/// reference puts it), on a free loopback port, so that a test can kill it with SIGKILL as a crash would. Settings are
/// given as command-line configuration keys; its console log is kept for failure messages.
/// </summary>
internal sealed class ServiceProcess : IAsyncDisposable
{
    private const string ListeningPrefix = "Now listening on: ";

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly List<(string Text, TaskCompletionSource<string> Seen)> _waiters = [];

    private ServiceProcess(Process process) => _process = process;

    public string Url { get; private set; } = "";

    public int ProcessId => _process.Id;

    public HttpClient Http { get; private set; } = null!;

    /// <summary>Starts the service with these configuration keys, and these environment variables besides the test's own.</summary>
    public static async Task<ServiceProcess> StartAsync(IReadOnlyDictionary<string, string?> settings, IReadOnlyDictionary<string, string>? environment = null)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "ScriptService.dll");
        var args = new List<string> { dll, "--urls=http://127.0.0.1:0", "--ScriptService:PostsPerMinute=1000000" };
        args.AddRange(settings.Where(kv => kv.Value is not null).Select(kv => $"--{kv.Key}={kv.Value}"));
        var startInfo = ChildProcess.CreateStartInfo("dotnet", AppContext.BaseDirectory, args);
        // The lifetime's "Now listening on" line is how the port is learned; the rest is for failure messages.
        startInfo.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        startInfo.Environment["Logging__Console__FormatterName"] = "simple";
        startInfo.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var service = new ServiceProcess(process);
        var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                listening.TrySetException(new InvalidOperationException("The service exited:" + Environment.NewLine + service.Describe()));
                return;
            }

            service.OnLine(e.Data);
            var at = e.Data.IndexOf(ListeningPrefix, StringComparison.Ordinal);
            if (at >= 0)
            {
                listening.TrySetResult(e.Data[(at + ListeningPrefix.Length)..].Trim());
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                service._output.Enqueue("stderr: " + e.Data);
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            service.Url = (await listening.Task.DefaultTimeout()).TrimEnd('/');
        }
        catch
        {
            await service.KillAsync();
            throw;
        }

        service.Http = new HttpClient { BaseAddress = new Uri(service.Url), Timeout = TaskTimeoutExtensions.DefaultTimeoutValue };
        return service;
    }

    /// <summary>POST /api/scripts with a JSON body.</summary>
    public Task<HttpResponseMessage> PostAsync(JsonNode body) =>
        Http.PostAsync("/api/scripts", new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));

    /// <summary>POSTs and requires a 202.</summary>
    public async Task PostAcceptedAsync(JsonNode body)
    {
        using var response = await PostAsync(body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(
            response.StatusCode == System.Net.HttpStatusCode.Accepted,
            $"POST /api/scripts answered {(int)response.StatusCode}: {text}{Environment.NewLine}{Describe()}");
    }

    /// <summary>The first line of the service's output, past or future, that contains <paramref name="text"/>.</summary>
    public async Task<string> WaitForOutputAsync(string text)
    {
        TaskCompletionSource<string> seen;
        lock (_waiters)
        {
            if (_output.FirstOrDefault(line => line.Contains(text, StringComparison.Ordinal)) is { } line)
            {
                return line;
            }

            seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((text, seen));
        }

        try
        {
            return await seen.Task.DefaultTimeout();
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"The service never wrote \"{text}\".{Environment.NewLine}{Describe()}", ex);
        }
    }

    /// <summary>Sends a signal (<c>STOP</c>, <c>CONT</c>) with <c>kill</c>: a node frozen, then thawed.</summary>
    public async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        await kill.WaitForExitAsync().DefaultTimeout();
        Assert.Equal(0, kill.ExitCode);
    }

    private void OnLine(string line)
    {
        lock (_waiters)
        {
            _output.Enqueue(line);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (line.Contains(_waiters[i].Text, StringComparison.Ordinal))
                {
                    _waiters[i].Seen.TrySetResult(line);
                    _waiters.RemoveAt(i);
                }
            }
        }
    }

    /// <summary>Kills the process with SIGKILL (no shutdown of any kind), and waits for it to be gone.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            // Process.Kill sends SIGKILL on Unix; it ends a stopped (SIGSTOP) process too.
            _process.Kill();
        }

        await _process.WaitForExitAsync().DefaultTimeout();
    }

    public string Describe() => $"--- service process {_process.Id} ({Url}) ---{Environment.NewLine}{string.Join(Environment.NewLine, _output.TakeLast(200))}";

    public async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        try
        {
            await KillAsync();
        }
        finally
        {
            _process.Dispose();
        }
    }
}
