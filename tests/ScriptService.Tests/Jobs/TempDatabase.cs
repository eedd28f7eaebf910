using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ScriptService.Jobs.Sqlite;

namespace ScriptService.Tests.Jobs;

/// <summary>A directory of its own under the temp directory for one test's database files; deleted on disposal.</summary>
internal sealed class TempDatabase : IDisposable
{
    public TempDatabase()
    {
        DirectoryPath = Path.Combine(Path.GetTempPath(), "ScriptService.Tests", "jobs-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DirectoryPath);
        DatabasePath = Path.Combine(DirectoryPath, "jobs.db");
    }

    public string DirectoryPath { get; }

    public string DatabasePath { get; }

    public SqliteJobStore Open(TimeProvider timeProvider, string? databasePath = null) => new(
        Options.Create(new JobStoreOptions { DatabasePath = databasePath ?? DatabasePath }),
        timeProvider,
        NullLogger<SqliteJobStore>.Instance);

    /// <summary>A connection of the test's own, outside the store (not pooled, so it leaves no handle behind).</summary>
    public SqliteConnection OpenRawConnection(string? databasePath = null)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = databasePath ?? DatabasePath,
            Pooling = false,
        }.ToString());
        connection.Open();
        return connection;
    }

    public static object? ExecuteScalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    public void Dispose()
    {
        if (Directory.Exists(DirectoryPath))
        {
            Directory.Delete(DirectoryPath, recursive: true);
        }
    }
}
