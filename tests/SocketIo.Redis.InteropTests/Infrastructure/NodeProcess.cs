using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace SocketIo.Redis.InteropTests.Infrastructure;

/// <summary>
/// A long-running script of <c>node/</c> (a Node cluster node, the clients): its stdout lines are kept, and a test
/// takes the first line it waits for, with the default timeout. Stopped by closing its stdin, then killed by its id.
/// </summary>
internal sealed class NodeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _commandLine;
    private readonly List<string> _pending = [];
    private readonly StringBuilder _stderr = new();
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Taken)> _waiters = [];
    private bool _exited;

    private NodeProcess(Process process, string commandLine)
    {
        _process = process;
        _commandLine = commandLine;
    }

    public static string Directory { get; } = typeof(NodeProcess).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RedisInteropNodeDirectory").Value!;

    public static NodeProcess Start(string script, params string[] args)
    {
        NodeScript.EnsureInstalled(Directory, "npm ci --prefix tests/SocketIo.Redis.InteropTests/node");
        var startInfo = NodeScript.CreateStartInfo(Directory, script, args);
        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var node = new NodeProcess(process, NodeScript.Describe(startInfo));
        process.OutputDataReceived += (_, e) => node.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (node._stderr)
                {
                    node._stderr.AppendLine(e.Data);
                }
            }
        };
        NodeScript.Start(process);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return node;
    }

    /// <summary>Writes one line to the script's stdin.</summary>
    public async Task SendAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>The first line not taken yet that matches, now or when it comes; fails after the default timeout.</summary>
    public async Task<string> TakeAsync(Func<string, bool> match, string what)
    {
        var taken = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_pending)
        {
            var index = _pending.FindIndex(l => match(l));
            if (index >= 0)
            {
                var line = _pending[index];
                _pending.RemoveAt(index);
                return line;
            }

            if (_exited)
            {
                throw new InvalidOperationException($"{_commandLine} exited before {what}.{Describe()}");
            }

            _waiters.Add((match, taken));
        }

        try
        {
            return await taken.Task.DefaultTimeout();
        }
        catch (TimeoutException ex)
        {
            lock (_pending)
            {
                _waiters.RemoveAll(w => w.Taken == taken);
            }

            throw new TimeoutException($"{_commandLine}: no {what}.{Describe()}", ex);
        }
    }

    /// <summary>The lines not taken yet that match (to check what did not arrive, after a fence that did).</summary>
    public IReadOnlyList<string> Pending(Func<string, bool> match)
    {
        lock (_pending)
        {
            return _pending.Where(match).ToList();
        }
    }

    /// <summary>Waits for the process to exit by itself (a script that runs one operation).</summary>
    public async Task<int> WaitForExitAsync()
    {
        using var cts = new CancellationTokenSource(NodeScript.RunTimeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException ex)
        {
            throw new TimeoutException($"{_commandLine} did not exit.{Describe()}", ex);
        }

        return _process.ExitCode;
    }

    /// <summary>Kills the process (SIGKILL), as a crash would, and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync().DefaultTimeout();
    }

    public string Describe()
    {
        lock (_pending)
        {
            lock (_stderr)
            {
                return $"\nstdout not taken:\n{string.Join('\n', _pending.TakeLast(40))}\nstderr:\n{_stderr}";
            }
        }
    }

    private void OnLine(string? line)
    {
        TaskCompletionSource<string>? taken = null;
        lock (_pending)
        {
            if (line is null)
            {
                _exited = true;
                foreach (var waiter in _waiters)
                {
                    waiter.Taken.TrySetException(new InvalidOperationException($"{_commandLine} exited.{DescribeUnlocked()}"));
                }

                _waiters.Clear();
                return;
            }

            var index = _waiters.FindIndex(w => w.Match(line));
            if (index >= 0)
            {
                taken = _waiters[index].Taken;
                _waiters.RemoveAt(index);
            }
            else
            {
                _pending.Add(line);
            }
        }

        taken?.TrySetResult(line);
    }

    private string DescribeUnlocked()
    {
        lock (_stderr)
        {
            return $"\nstderr:\n{_stderr}";
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try
            {
                _process.StandardInput.Close();
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await _process.WaitForExitAsync(cts.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidOperationException)
            {
                // Stuck or already gone: killed below by its id.
            }

            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        _process.Dispose();
    }
}
