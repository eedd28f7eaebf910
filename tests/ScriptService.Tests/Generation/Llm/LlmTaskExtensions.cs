namespace ScriptService.Tests.Generation.Llm;

internal static class LlmTaskExtensions
{
    /// <summary>How long a test waits for anything before failing; generous, it only bounds a hang.</summary>
    public static readonly TimeSpan DefaultTimeoutValue = TimeSpan.FromSeconds(30);

    public static Task DefaultTimeout(this Task task) => task.WaitAsync(DefaultTimeoutValue);

    public static Task<T> DefaultTimeout<T>(this Task<T> task) => task.WaitAsync(DefaultTimeoutValue);
}
