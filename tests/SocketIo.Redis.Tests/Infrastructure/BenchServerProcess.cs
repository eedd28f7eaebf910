using System.Diagnostics;
using System.Reflection;

namespace SocketIo.Redis.Tests.Infrastructure;

/// <summary>
/// benchmarks/BenchServer as its own process (built by the solution build), one node of a cluster on a Redis: started
/// on a free port, stopped by its process id.
/// </summary>
public sealed class BenchServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private BenchServerProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public int ProcessId => _process.Id;

    /// <summary>The configuration these tests were built in; the solution build built BenchServer in the same one.</summary>
    private static readonly string Configuration =
        typeof(BenchServerProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";

    private static string BenchServerDll() =>
        Path.Combine(RepositoryRoot(), "benchmarks", "BenchServer", "bin", Configuration, "net10.0", "BenchServer.dll");

    public static async Task<BenchServerProcess> StartAsync(params string[] args)
    {
        var dll = BenchServerDll();
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} is missing: build the solution first (dotnet build ScriptService.sln -c {Configuration}).");
        }

        var startInfo = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        startInfo.ArgumentList.Add(dll);
        startInfo.ArgumentList.Add("--urls");
        startInfo.ArgumentList.Add("http://127.0.0.1:0");
        foreach (var arg in args)
        {
            startInfo.ArgumentList.Add(arg);
        }

        var listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var errors = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                listening.TrySetException(new InvalidOperationException("BenchServer exited: " + string.Join(" | ", errors)));
            }
            else if (e.Data.StartsWith("listening ", StringComparison.Ordinal))
            {
                listening.TrySetResult(int.Parse(e.Data.AsSpan("listening ".Length), System.Globalization.CultureInfo.InvariantCulture));
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                errors.Enqueue(e.Data);
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var port = await listening.Task.DefaultTimeout();
            return new BenchServerProcess(process, new Uri($"http://127.0.0.1:{port}"));
        }
        catch
        {
            process.Kill();
            process.Dispose();
            throw;
        }
    }

    /// <summary>Runs the BenchServer to its exit (for a usage error) and returns its exit code and error output.</summary>
    public static async Task<(int ExitCode, string Errors)> RunToExitAsync(params string[] args)
    {
        var dll = BenchServerDll();
        var startInfo = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        startInfo.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            startInfo.ArgumentList.Add(arg);
        }

        using var process = Process.Start(startInfo)!;
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().DefaultTimeout();
        return (process.ExitCode, await errors);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ScriptService.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("The repository root (ScriptService.sln) was not found.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync().DefaultTimeout();
        }

        _process.Dispose();
    }
}
