namespace ScriptService.Hosting;

/// <summary>
/// Has the configuration files (<c>appsettings.json</c>, <c>appsettings.{Environment}.json</c>) watched by polling them
/// rather than by a file system watcher. The host watches them through its content root's file provider, which puts an
/// inotify watch on the whole tree under the content root; the job store's database lives under it by default
/// (<c>data/jobs.db</c>), so every commit woke the watcher's thread, several times, to read events it then ignored.
/// Polled, a change to the files is still picked up, within the provider's polling interval (4 s).
/// </summary>
internal static class ConfigurationFilePolling
{
    /// <summary>The variable the file providers read when they are created (Microsoft.Extensions.FileProviders.Physical).</summary>
    public const string Variable = "DOTNET_USE_POLLING_FILE_WATCHER";

    /// <summary>Turns polling on for the file providers created from now on, unless the variable is set already.</summary>
    public static void Apply()
    {
        if (Environment.GetEnvironmentVariable(Variable) is null)
        {
            Environment.SetEnvironmentVariable(Variable, "true");
        }
    }
}
