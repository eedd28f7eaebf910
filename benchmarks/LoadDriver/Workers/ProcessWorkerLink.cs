using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;

namespace LoadDriver.Workers;

/// <summary>A copy of this program started with the hidden <c>worker</c> verb, spoken to in JSON lines.</summary>
internal sealed class ProcessWorkerLink : IAsyncDisposable
{
    private static readonly TimeSpan _exitGrace = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly Task _pump;

    public ProcessWorkerLink(int index, ChannelWriter<WorkerEnvelope> reports)
    {
        var start = new ProcessStartInfo
        {
            FileName = Environment.ProcessPath ?? throw new InvalidOperationException("unknown process path"),
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(start.FileName) == "dotnet")
        {
            // Started as `dotnet LoadDriver.dll`: the worker needs the same assembly.
            start.ArgumentList.Add(typeof(ProcessWorkerLink).Assembly.Location);
        }

        start.ArgumentList.Add("worker");
        // Socket completions run on the epoll thread instead of hopping to the thread pool: measured against the Node
        // server, echo at 100 connections took the driver from 88 % to 53 % of a core (and the server from 39.7k to
        // 51.2k acks/s, being no longer starved). The runtime reads it only from the environment, at startup.
        start.Environment["DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS"] = "1";
        _process = Process.Start(start) ?? throw new InvalidOperationException("could not start a worker process");
        _pump = StartPump(index, reports);
    }

    public async ValueTask SendAsync(WorkerCommand command, CancellationToken cancellationToken)
    {
        var line = JsonSerializer.Serialize(command, WorkerJsonContext.Default.WorkerCommand);
        await _process.StandardInput.WriteLineAsync(line.AsMemory(), cancellationToken);
        await _process.StandardInput.FlushAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            // End of input tells the worker to close its connections and exit.
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
        }

        using var grace = new CancellationTokenSource(_exitGrace);
        try
        {
            await _process.WaitForExitAsync(grace.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }

        await _pump;
        _process.Dispose();
    }

    /// <summary>Reads the worker's reports on a thread of its own: a pipe read blocks, and a blocked thread-pool
    /// thread per worker would delay the coordinator's timers until the pool grows.</summary>
    private Task StartPump(int index, ChannelWriter<WorkerEnvelope> reports)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                while (_process.StandardOutput.ReadLine() is { } line)
                {
                    if (line.Length > 0 && JsonSerializer.Deserialize(line, WorkerJsonContext.Default.WorkerReport) is { } report)
                    {
                        reports.TryWrite(new WorkerEnvelope(index, report));
                    }
                }
            }
            catch (Exception e) when (e is IOException or JsonException)
            {
                reports.TryWrite(new WorkerEnvelope(index, new WorkerReport { Kind = WorkerReport.FailedKind, Message = e.Message }));
            }

            reports.TryWrite(new WorkerEnvelope(index, new WorkerReport { Kind = WorkerReport.ExitedKind }));
            done.SetResult();
        })
        {
            IsBackground = true,
            Name = $"worker {index} reports",
        };
        thread.Start();
        return done.Task;
    }
}
