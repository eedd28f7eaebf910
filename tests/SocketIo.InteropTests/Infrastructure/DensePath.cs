using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace SocketIo.InteropTests.Infrastructure;

/// <summary>Tells from the server's log whether the dense WebSocket path served a run's upgrades.</summary>
public static partial class DensePath
{
    /// <summary>Writes a line naming the run into the server's log, before the run starts.</summary>
    public static void Mark(InteropServer server, string run) =>
        server.Logs.CreateLogger("EngineIo.Tests").Log(LogLevel.Information, default, run, null, static (r, _) => $"run {r} starts");

    /// <summary>The upgrades the dense path served since <see cref="Mark"/> for this run (runs of one class follow each other).</summary>
    public static int CountSince(InteropServer server, string run)
    {
        var log = server.Logs.Dump();
        var start = log.IndexOf($"run {run} starts", StringComparison.Ordinal);
        Assert.True(start >= 0, "The run's mark has left the server's log window.");
        return TakenLine().Count(log[start..]);
    }

    [GeneratedRegex("served on the dense path")]
    private static partial Regex TakenLine();
}
