namespace ScriptService.Tests.Service.Infrastructure;

/// <summary>A temp directory of its own for one test's job database; hosts started on it share the database.</summary>
internal sealed class ServiceData : IDisposable
{
    public ServiceData()
    {
        DirectoryPath = Path.Combine(Path.GetTempPath(), "ScriptService.Tests", "service-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DirectoryPath);
    }

    public string DirectoryPath { get; }

    public string DatabasePath => Path.Combine(DirectoryPath, "jobs.db");

    public void Dispose()
    {
        try
        {
            Directory.Delete(DirectoryPath, recursive: true);
        }
        catch (IOException)
        {
            // A file still open somewhere; the temp directory is cleaned another day.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
