using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace ScriptService.Tests.Service.Infrastructure;

/// <summary>
/// One run of a client guide example (<c>examples/*</c>) as its own process, the way a reader runs it: its output
/// collected, its exit awaited within <see cref="NodeScript.RunTimeout"/> (killed after that).
/// </summary>
internal sealed class ExampleProcess
{
    private ExampleProcess(string commandLine, int exitCode, string stdout, string stderr)
    {
        CommandLine = commandLine;
        ExitCode = exitCode;
        Stdout = stdout;
        Stderr = stderr;
    }

    public string CommandLine { get; }

    public int ExitCode { get; }

    /// <summary>Standard output, with <c>\n</c> line ends.</summary>
    public string Stdout { get; }

    public string Stderr { get; }

    /// <summary>The output lines that start with <paramref name="prefix"/>.</summary>
    public IReadOnlyList<string> LinesStartingWith(string prefix) =>
        [.. Stdout.Split('\n').Where(l => l.StartsWith(prefix, StringComparison.Ordinal))];

    public string Describe() =>
        $"command: {CommandLine}{Environment.NewLine}exit code: {ExitCode}{Environment.NewLine}" +
        $"--- stdout ---{Environment.NewLine}{Stdout}{Environment.NewLine}--- stderr ---{Environment.NewLine}{Stderr}";

    /// <summary>Runs <paramref name="fileName"/> with <paramref name="args"/> to its end; <paramref name="environment"/> null values remove a variable.</summary>
    public static async Task<ExampleProcess> RunAsync(
        string fileName,
        IEnumerable<string> args,
        string workingDirectory,
        IReadOnlyDictionary<string, string?> environment)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var arg in args)
        {
            startInfo.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                startInfo.Environment.Remove(name);
            }
            else
            {
                startInfo.Environment[name] = value;
            }
        }

        var commandLine = fileName + " " + string.Join(' ', startInfo.ArgumentList);
        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException($"Could not start `{fileName}`: it must be installed to run this example ({commandLine}).", ex);
        }

        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(NodeScript.RunTimeout);
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
            await Task.WhenAll(stdout, stderr);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Assert.Fail($"The example did not finish within {NodeScript.RunTimeout} and was killed: {commandLine}");
        }

        return new ExampleProcess(commandLine, process.ExitCode, Normalize(await stdout), Normalize(await stderr));
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);
}
