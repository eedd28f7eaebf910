using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ScriptService.Tests.Service.Infrastructure;

/// <summary>
/// A Node script of <c>tests/ScriptService.Tests/client</c> (the official <c>socket.io-client</c>), run as a child
/// process: every JSON object it prints on stdout is kept, in order, and can be awaited; stdin takes commands.
/// </summary>
internal sealed class NodeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<JsonElement> _lines = [];
    private readonly List<(Func<JsonElement, bool> Match, TaskCompletionSource<JsonElement> Found)> _waiters = [];
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Func<string>? _context;

    private NodeProcess(Process process, string commandLine, Func<string>? context)
    {
        _process = process;
        CommandLine = commandLine;
        _context = context;
    }

    /// <summary>The folder of the scripts and their <c>node_modules</c>, found from the test assembly's folder up.</summary>
    public static string ClientDirectory { get; } = FindTestFolder("client");

    public string CommandLine { get; }

    /// <summary>Every JSON object printed so far, in order.</summary>
    public IReadOnlyList<JsonElement> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    /// <summary>Starts <c>node client/&lt;script&gt; args...</c>; <paramref name="context"/> adds to failure messages.</summary>
    public static NodeProcess Start(string script, IEnumerable<string> args, Func<string>? context = null) =>
        StartIn("client", script, args, context);

    /// <summary>Starts <c>node &lt;folder&gt;/&lt;script&gt; args...</c> from another npm folder of this test project.</summary>
    public static NodeProcess StartIn(string folder, string script, IEnumerable<string> args, Func<string>? context = null)
    {
        var directory = FindTestFolder(folder);
        NodeScript.EnsureInstalled(directory, $"npm ci --prefix tests/ScriptService.Tests/{folder}");
        var startInfo = NodeScript.CreateStartInfo(directory, script, args);
        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var node = new NodeProcess(process, NodeScript.Describe(startInfo), context);
        process.OutputDataReceived += (_, e) => node.OnStdout(e.Data);
        process.ErrorDataReceived += (_, e) => node.OnStderr(e.Data);
        process.Exited += (_, _) => node.OnExited();
        try
        {
            NodeScript.Start(process);
        }
        catch
        {
            process.Dispose();
            throw;
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return node;
    }

    /// <summary>Writes one command line (a JSON object) to the script's stdin.</summary>
    public async Task SendAsync(string json)
    {
        await _process.StandardInput.WriteLineAsync(json);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>The first line (already printed, or to come) that matches; fails the test if none comes in time.</summary>
    public async Task<JsonElement> WaitForAsync(Func<JsonElement, bool> match, string what, TimeSpan? timeout = null)
    {
        TaskCompletionSource<JsonElement> found;
        lock (_lines)
        {
            foreach (var line in _lines)
            {
                if (match(line))
                {
                    return line;
                }
            }

            found = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
            if (_exited.Task.IsCompleted)
            {
                found.SetException(new InvalidOperationException("The Node process has exited."));
            }
            else
            {
                _waiters.Add((match, found));
            }
        }

        try
        {
            return await found.Task.WaitAsync(timeout ?? TaskTimeoutExtensions.DefaultTimeoutValue);
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
        {
            lock (_lines)
            {
                _waiters.RemoveAll(w => w.Found == found);
            }

            Assert.Fail($"Waited in vain for {what}: {ex.Message}{Environment.NewLine}{Describe()}");
            throw;
        }
    }

    /// <summary>How many lines printed so far match.</summary>
    public int Count(Func<JsonElement, bool> match)
    {
        lock (_lines)
        {
            return _lines.Count(match);
        }
    }

    /// <summary>Waits for the script to exit (killing it at <paramref name="timeout"/>); fails unless it exited with 0.</summary>
    public async Task WaitForSuccessAsync(TimeSpan? timeout = null)
    {
        try
        {
            await _exited.Task.WaitAsync(timeout ?? NodeScript.RunTimeout);
        }
        catch (TimeoutException)
        {
            Kill();
            Assert.Fail($"The Node script did not finish within {timeout ?? NodeScript.RunTimeout} and was killed.{Environment.NewLine}{Describe()}");
        }

        // Exited fires before the last output callbacks; WaitForExit() drains them.
        _process.WaitForExit();
        Assert.True(_process.ExitCode == 0, $"The Node script exited with {_process.ExitCode}.{Environment.NewLine}{Describe()}");
    }

    /// <summary>The one line whose <c>step</c> is <paramref name="step"/>.</summary>
    public JsonElement Step(string step)
    {
        var found = Lines.Where(l => Str(l, "step") == step).ToList();
        Assert.True(found.Count == 1, $"Expected exactly one output line with step '{step}', found {found.Count}.{Environment.NewLine}{Describe()}");
        return found[0];
    }

    /// <summary>Every line whose <c>step</c> is <paramref name="step"/>.</summary>
    public IReadOnlyList<JsonElement> Steps(string step) => [.. Lines.Where(l => Str(l, "step") == step)];

    /// <summary>The command, its output, and the context (the service's log).</summary>
    public string Describe()
    {
        var text = new StringBuilder().AppendLine(CultureInfo.InvariantCulture, $"command: {CommandLine}");
        lock (_lines)
        {
            var stdout = _stdout.ToString();
            text.AppendLine("--- node stdout (tail) ---").AppendLine(stdout.Length > 12000 ? "…" + stdout[^12000..] : stdout);
            text.AppendLine("--- node stderr ---").AppendLine(_stderr.Length > 6000 ? "…" + _stderr.ToString()[^6000..] : _stderr.ToString());
        }

        if (_context is not null)
        {
            text.AppendLine(_context());
        }

        return text.ToString();
    }

    public static string? Str(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                // The scripts end when their stdin closes; the kill is for one that does not.
                _process.StandardInput.Close();
                try
                {
                    await _exited.Task.WaitAsync(TimeSpan.FromSeconds(5));
                }
                catch (TimeoutException)
                {
                    Kill();
                }
            }
        }
        finally
        {
            _process.Dispose();
        }
    }

    private void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private void OnStdout(string? line)
    {
        if (line is null)
        {
            return;
        }

        JsonElement? parsed = null;
        var trimmed = line.Trim();
        if (trimmed.StartsWith('{'))
        {
            try
            {
                parsed = JsonDocument.Parse(trimmed).RootElement;
            }
            catch (JsonException)
            {
                // Not one of ours: it still shows in the failure message.
            }
        }

        List<TaskCompletionSource<JsonElement>> matched = [];
        lock (_lines)
        {
            _stdout.AppendLine(line);
            if (parsed is { } element)
            {
                _lines.Add(element);
                for (var i = _waiters.Count - 1; i >= 0; i--)
                {
                    if (_waiters[i].Match(element))
                    {
                        matched.Add(_waiters[i].Found);
                        _waiters.RemoveAt(i);
                    }
                }
            }
        }

        foreach (var found in matched)
        {
            found.TrySetResult(parsed!.Value);
        }
    }

    private void OnStderr(string? line)
    {
        if (line is not null)
        {
            lock (_lines)
            {
                _stderr.AppendLine(line);
            }
        }
    }

    private void OnExited()
    {
        List<TaskCompletionSource<JsonElement>> pending;
        lock (_lines)
        {
            _exited.TrySetResult();
            pending = [.. _waiters.Select(w => w.Found)];
            _waiters.Clear();
        }

        foreach (var found in pending)
        {
            found.TrySetException(new InvalidOperationException("The Node process exited first."));
        }
    }

    private static string FindTestFolder(string folder)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ScriptService.Tests.csproj")))
            {
                return Path.Combine(directory.FullName, folder);
            }
        }

        throw new InvalidOperationException($"ScriptService.Tests.csproj was not found above {AppContext.BaseDirectory}.");
    }
}
