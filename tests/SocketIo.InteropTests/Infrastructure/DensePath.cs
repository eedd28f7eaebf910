using Microsoft.Extensions.Logging;

namespace SocketIo.InteropTests.Infrastructure;

/// <summary>Tells from the server's log whether the dense WebSocket path served a run's upgrades.</summary>
public static class DensePath
{
    /// <summary>Writes a line naming the run into the server's log, before the run starts.</summary>
    public static void Mark(InteropServer server, string run) =>
        server.Logs.CreateLogger("EngineIo.Tests").Log(LogLevel.Information, default, run, null, static (r, _) => $"run {r} starts");

    /// <summary>The upgrades the dense path served since <see cref="Mark"/> for this run (runs of one class follow each other).</summary>
    public static int CountSince(InteropServer server, string run)
    {
        var entries = server.Logs.Entries;
        var mark = $"run {run} starts";
        var start = entries.ToList().FindIndex(entry => entry.Message == mark);
        Assert.True(start >= 0, "The run's mark has left the server's log window.");
        return entries.Skip(start).Count(static entry => entry.Message.Contains("served on the dense path", StringComparison.Ordinal));
    }
}
