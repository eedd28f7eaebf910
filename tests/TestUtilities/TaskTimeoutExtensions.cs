using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace TestUtilities;

/// <summary>
/// Every awaited operation in the tests ends in <c>.DefaultTimeout()</c>: a signal that never comes fails the test
/// with a <see cref="TimeoutException"/> naming the line, instead of hanging the run.
/// </summary>
public static class TaskTimeoutExtensions
{
    public static readonly TimeSpan DefaultTimeoutValue = Debugger.IsAttached ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(30);

    public static async Task DefaultTimeout(this Task task, [CallerFilePath] string? filePath = null, [CallerLineNumber] int lineNumber = 0)
    {
        try
        {
            await task.WaitAsync(DefaultTimeoutValue);
        }
        catch (TimeoutException ex) when (!task.IsCompleted)
        {
            throw CreateTimeout(ex, filePath, lineNumber);
        }
    }

    public static async Task<T> DefaultTimeout<T>(this Task<T> task, [CallerFilePath] string? filePath = null, [CallerLineNumber] int lineNumber = 0)
    {
        try
        {
            return await task.WaitAsync(DefaultTimeoutValue);
        }
        catch (TimeoutException ex) when (!task.IsCompleted)
        {
            throw CreateTimeout(ex, filePath, lineNumber);
        }
    }

    public static Task DefaultTimeout(this ValueTask task, [CallerFilePath] string? filePath = null, [CallerLineNumber] int lineNumber = 0) =>
        task.AsTask().DefaultTimeout(filePath, lineNumber);

    public static Task<T> DefaultTimeout<T>(this ValueTask<T> task, [CallerFilePath] string? filePath = null, [CallerLineNumber] int lineNumber = 0) =>
        task.AsTask().DefaultTimeout(filePath, lineNumber);

    private static TimeoutException CreateTimeout(TimeoutException inner, string? filePath, int lineNumber) =>
        new($"The operation at {Path.GetFileName(filePath)}:{lineNumber} timed out after {DefaultTimeoutValue}.", inner);
}
