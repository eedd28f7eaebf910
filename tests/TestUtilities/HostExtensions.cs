using Microsoft.Extensions.Hosting;

namespace TestUtilities;

public static class HostExtensions
{
    /// <summary>
    /// Stops a test's host without the graceful part of the shutdown: once a test is over nothing is under test any
    /// more, and idle sessions' grace period would only slow the run down.
    /// </summary>
    public static async Task StopAtOnceAsync(this IHost host)
    {
        using var stopNow = new CancellationTokenSource();
        await stopNow.CancelAsync();
        try
        {
            await host.StopAsync(stopNow.Token);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
