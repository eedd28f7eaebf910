using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using System.Text.Json;
using LoadDriver.Cli;
using LoadDriver.Modes;
using LoadDriver.Modes.Broadcast;
using LoadDriver.Modes.Cluster;
using LoadDriver.Modes.Density;
using LoadDriver.Modes.Echo;
using LoadDriver.Modes.Jobs;
using LoadDriver.Modes.Soak;
using LoadDriver.Modes.Storm;
using LoadDriver.Results;
using LoadDriver.Stats;
using LoadDriver.Workers;

namespace LoadDriver;

internal static class Program
{
    private const int UsageExitCode = 1;
    private const int RefusedExitCode = 2;
    private const int TimeoutExitCode = 3;
    private const int FailedExitCode = 4;
    private const int InterruptedExitCode = 130;

    public static async Task<int> Main(string[] args)
    {
        if (args is ["worker"])
        {
            return await WorkerProcess.RunAsync();
        }

        DriverOptions options;
        try
        {
            options = DriverOptions.Parse(args);
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            Console.Error.WriteLine(DriverOptions.Usage);
            return UsageExitCode;
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(options.Timeout));
        using var interrupted = new CancellationTokenSource();
        using var run = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, interrupted.Token);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Interrupt);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Interrupt);
        void Interrupt(PosixSignalContext context)
        {
            context.Cancel = true;
            interrupted.Cancel();
        }

        try
        {
            var servers = new IPEndPoint[options.Urls.Count];
            for (var i = 0; i < servers.Length; i++)
            {
                servers[i] = await LoopbackTarget.ResolveAsync(options.Urls[i], run.Token);
            }

            var result = await RunAsync(new RunContext(options, servers, run.Token));
            if (options.Out is { } path)
            {
                await File.WriteAllBytesAsync(path, JsonSerializer.SerializeToUtf8Bytes(result, ResultJsonContext.Default.RunResult), CancellationToken.None);
            }

            Console.WriteLine(Summary.Line(result));

            // A jobs run that lost, duplicated or failed a job broke the service's contract: its figures mean nothing.
            if (result.Jobs is { Clean: false })
            {
                Console.Error.WriteLine("error: jobs failed, lost or duplicated (see the errors above)");
                return FailedExitCode;
            }

            return 0;
        }
        catch (RefusedTargetException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return RefusedExitCode;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            Console.Error.WriteLine($"error: the run did not finish within --timeout {options.Timeout} s; stopped");
            return TimeoutExitCode;
        }
        catch (OperationCanceledException) when (interrupted.IsCancellationRequested)
        {
            Console.Error.WriteLine("interrupted; workers stopped and connections closed");
            return InterruptedExitCode;
        }
        catch (Exception e) when (e is WorkerFailedException or InvalidOperationException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return FailedExitCode;
        }
    }

    private static async Task<RunResult> RunAsync(RunContext run)
    {
        var options = run.Options;
        var startedAt = DateTimeOffset.UtcNow;
        var started = Ticks.Now;
        var result = new RunResult
        {
            Mode = options.Mode,
            Label = options.Label,
            Url = options.Url.OriginalString,
            StartedAt = startedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        };
        switch (options.Mode)
        {
            case "density":
                result.Density = await DensityCoordinator.RunAsync(run);
                break;
            case "echo":
                result.Echo = await EchoCoordinator.RunAsync(run);
                break;
            case "broadcast":
                result.Broadcast = await BroadcastCoordinator.RunAsync(run);
                break;
            case "soak":
                result.Soak = await SoakCoordinator.RunAsync(run);
                break;
            case "cluster":
                result.Cluster = await ClusterCoordinator.RunAsync(run);
                break;
            case "storm":
                result.Storm = await StormCoordinator.RunAsync(run);
                break;
            default:
                result.Jobs = await JobsCoordinator.RunAsync(run);
                break;
        }

        result.DurationSeconds = Math.Round(Ticks.ToSeconds(Ticks.Now - started), 3);
        result.Parameters = options.ToParameters(run.WorkerProcesses);
        return result;
    }
}
