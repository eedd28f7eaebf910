using System.Diagnostics;

namespace ScriptService.Tests.Service.Infrastructure;

/// <summary>Bounds on waiting for a signal: generous, they only keep a hang from holding the run.</summary>
internal static class Waits
{
    /// <summary>How long a test waits for any one thing (an event, an ack, a request) before it fails.</summary>
    public static readonly TimeSpan Signal = Debugger.IsAttached ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(30);

    /// <summary>How long a one-shot Node script may run before its process is killed.</summary>
    public static readonly TimeSpan Script = Debugger.IsAttached ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(60);

    public static Task WithTimeout(this Task task) => task.WaitAsync(Signal);

    public static Task<T> WithTimeout<T>(this Task<T> task) => task.WaitAsync(Signal);
}
