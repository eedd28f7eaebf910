using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace LoadDriver.Workers;

/// <summary>
/// The hidden <c>worker</c> verb: commands arrive as JSON lines on stdin, reports leave as JSON lines on stdout.
/// End of stdin (the coordinator closed it or died) stops the worker.
/// </summary>
internal static class WorkerProcess
{
    public static async Task<int> RunAsync()
    {
        // Not disposed: the stdin reader may still cancel it while the process exits.
        var stop = new CancellationTokenSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Cancel(); });
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stop.Cancel(); });

        var commands = Channel.CreateUnbounded<WorkerCommand>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var reports = Channel.CreateUnbounded<WorkerReport>(new UnboundedChannelOptions { SingleReader = true });
        StartCommandReader(commands.Writer, stop);
        var writer = WriteReportsAsync(reports.Reader);

        await WorkerHost.RunAsync(commands.Reader, report => reports.Writer.TryWrite(report), stop.Token);

        reports.Writer.TryComplete();
        await writer;
        return 0;
    }

    /// <summary>Reads commands until end of input, which also cancels whatever the worker is doing. A thread of its
    /// own: the read blocks, and must not hold one of the thread pool's few threads for the whole run.</summary>
    private static void StartCommandReader(ChannelWriter<WorkerCommand> commands, CancellationTokenSource stop)
    {
        var thread = new Thread(() =>
        {
            using var input = new StreamReader(Console.OpenStandardInput(), Encoding.UTF8);
            try
            {
                while (input.ReadLine() is { } line)
                {
                    if (line.Length > 0 && JsonSerializer.Deserialize(line, WorkerJsonContext.Default.WorkerCommand) is { } command)
                    {
                        commands.TryWrite(command);
                    }
                }
            }
            catch (IOException)
            {
            }
            finally
            {
                commands.TryComplete();
                stop.Cancel();
            }
        })
        {
            IsBackground = true,
            Name = "coordinator commands",
        };
        thread.Start();
    }

    private static async Task WriteReportsAsync(ChannelReader<WorkerReport> reports)
    {
        await using var output = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false)) { AutoFlush = false };
        await foreach (var report in reports.ReadAllAsync())
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(report, WorkerJsonContext.Default.WorkerReport));
            if (!reports.TryPeek(out _))
            {
                await output.FlushAsync();
            }
        }
    }
}
