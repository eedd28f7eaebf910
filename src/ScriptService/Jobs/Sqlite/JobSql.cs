namespace ScriptService.Jobs.Sqlite;

/// <summary>The job store's schema and statements. Every value is bound as a parameter.</summary>
/// <remarks>
/// States are stored as their <see cref="JobState"/> number, and the statements spell the two unfinished states as
/// the literal <c>state &lt; 2</c> (Queued = 0, Running = 1; Succeeded and Failed are 2 and 3): SQLite uses a
/// partial index only when the query repeats the index's condition, which a bound parameter cannot do.
/// Timestamps are UTC milliseconds since the Unix epoch (INTEGER), so they compare and index as numbers. A job without an
/// owner (authentication off) has <c>owner_id = ''</c>: a NULL in a primary key would not be unique.
/// </remarks>
internal static class JobSql
{
    /// <summary>
    /// The migrations, in order: entry <c>i</c> takes the database from <c>user_version</c> <c>i</c> to <c>i + 1</c>, and
    /// sets <c>user_version</c> itself, in the same transaction as its changes. Append; never edit a shipped entry.
    /// </summary>
    public static readonly string[] Migrations =
    [
        // 1: the jobs table. rowid is kept (no WITHOUT ROWID): rows carry JSON documents of several KB, and rowid
        // orders jobs accepted in the same millisecond. jobs_unfinished is small (only Queued and Running jobs) and
        // already in the order the restart scan wants; jobs_finished serves the purge.
        """
        CREATE TABLE jobs (
            job_id       TEXT    NOT NULL PRIMARY KEY,
            owner_id     TEXT,
            request_json TEXT    NOT NULL,
            state        INTEGER NOT NULL,
            result_json  TEXT,
            created_at   INTEGER NOT NULL,
            updated_at   INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX jobs_unfinished ON jobs (created_at) WHERE state < 2;
        CREATE INDEX jobs_finished ON jobs (updated_at) WHERE state >= 2;
        PRAGMA user_version = 1;
        """,

        // 2: ids are unique per owner (owner_id '' when authentication is off), so that a user's id neither collides
        // with nor reveals another user's job. SQLite cannot change a primary key in place: the table is rebuilt,
        // in rowid order so that jobs accepted in the same millisecond keep their order.
        """
        CREATE TABLE jobs_v2 (
            owner_id     TEXT    NOT NULL,
            job_id       TEXT    NOT NULL,
            request_json TEXT    NOT NULL,
            state        INTEGER NOT NULL,
            result_json  TEXT,
            created_at   INTEGER NOT NULL,
            updated_at   INTEGER NOT NULL,
            PRIMARY KEY (owner_id, job_id)
        ) STRICT;
        INSERT INTO jobs_v2 (owner_id, job_id, request_json, state, result_json, created_at, updated_at)
            SELECT coalesce(owner_id, ''), job_id, request_json, state, result_json, created_at, updated_at FROM jobs ORDER BY rowid;
        DROP TABLE jobs;
        ALTER TABLE jobs_v2 RENAME TO jobs;
        CREATE INDEX jobs_unfinished ON jobs (created_at) WHERE state < 2;
        CREATE INDEX jobs_finished ON jobs (updated_at) WHERE state >= 2;
        PRAGMA user_version = 2;
        """,
    ];

    /// <summary>The schema version this build writes: the number of migrations.</summary>
    public static int SchemaVersion => Migrations.Length;

    public const string Insert = """
        INSERT INTO jobs (owner_id, job_id, request_json, state, created_at, updated_at)
        VALUES ($ownerId, $jobId, $requestJson, 0, $now, $now)
        ON CONFLICT (owner_id, job_id) DO NOTHING
        """;

    private const string Columns = "job_id, owner_id, request_json, state, result_json, created_at, updated_at";

    public const string SelectJob = "SELECT " + Columns + " FROM jobs WHERE owner_id = $ownerId AND job_id = $jobId";

    public const string SelectState = "SELECT state FROM jobs WHERE owner_id = $ownerId AND job_id = $jobId";

    public const string MarkRunning = """
        UPDATE jobs SET state = 1, updated_at = $now
        WHERE owner_id = $ownerId AND job_id = $jobId AND state < 2
        """;

    /// <summary>
    /// Stores an outcome. The result is bound as text, or as the UTF-8 bytes of its text (a blob, which the CAST makes
    /// the text it encodes: the column is TEXT, and STRICT refuses a blob in it).
    /// </summary>
    public const string Complete = """
        UPDATE jobs SET state = $state, result_json = CAST($resultJson AS TEXT), updated_at = $now
        WHERE owner_id = $ownerId AND job_id = $jobId AND state < 2
        """;

    /// <summary>Queued and Running jobs, oldest first; rowid breaks ties in acceptance order.</summary>
    public const string SelectUnfinished = "SELECT " + Columns + " FROM jobs WHERE state < 2 ORDER BY created_at, rowid";

    /// <summary>The schema version, read by the write probe in its IMMEDIATE transaction.</summary>
    public const string SelectVersion = "PRAGMA user_version;";

    /// <summary>
    /// The write probe: <c>user_version</c> rewritten with the value just read in the same IMMEDIATE transaction, so that
    /// no other writer changes it in between. It changes nothing, yet commits a page to the log as any write does, and
    /// fails as a write would (a full disk, a read-only file). A pragma's value cannot be bound: it is the integer read.
    /// </summary>
    public static string WriteVersion(long version) => "PRAGMA user_version = " + version.ToString(System.Globalization.CultureInfo.InvariantCulture) + ";";

    /// <summary>Deletes up to <c>$limit</c> finished jobs last updated before <c>$olderThan</c>.</summary>
    public const string PurgeBatch = """
        DELETE FROM jobs WHERE rowid IN (
            SELECT rowid FROM jobs WHERE state >= 2 AND updated_at < $olderThan LIMIT $limit)
        """;
}
