namespace ScriptService.Jobs.Sqlite;

/// <summary>Where the job store keeps its database and how long it keeps finished jobs.</summary>
/// <remarks>Bound from the <c>ScriptService:Store</c> configuration section (<see cref="SectionName"/>).</remarks>
internal sealed class JobStoreOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "ScriptService:Store";

    /// <summary>
    /// The SQLite database file. A relative path is resolved against the content root (the current directory when
    /// there is no host); the directory is created if it is missing. Default <c>data/jobs.db</c>.
    /// </summary>
    public string DatabasePath { get; set; } = "data/jobs.db";

    /// <summary>How long a finished job (and its result) is kept after it finished. Default 24 hours.</summary>
    public TimeSpan ResultRetention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often <see cref="JobPurgeService"/> deletes expired jobs. Default 10 minutes.</summary>
    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The first wait before a worker tries a failed store operation again (a full disk, a lock held elsewhere); each
    /// failure doubles it, up to <see cref="RetryMaxBackoff"/>. The job waits meanwhile, and goes on once the store
    /// works again. Default 250 ms.
    /// </summary>
    public TimeSpan RetryInitialBackoff { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The longest wait between two tries of a failed store operation. Default 30 seconds.</summary>
    public TimeSpan RetryMaxBackoff { get; set; } = TimeSpan.FromSeconds(30);
}
