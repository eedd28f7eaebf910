using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace ScriptService.Jobs.Sqlite;

/// <summary>The durable <see cref="IJobStore"/>: one SQLite database file in WAL mode.</summary>
/// <remarks>
/// <para>
/// Writes go through one connection, opened with the store and held by one caller at a time (<see cref="_writeLock"/>).
/// SQLite lets one writer in at a time anyway; queueing the writers on a <see cref="SemaphoreSlim"/> makes them wait
/// asynchronously, in order, instead of each holding a thread-pool thread in SQLite's busy handler. Measured with
/// synchronous=FULL on the development VM: about 1,600–2,000 create+run+complete sequences a second at 1 to 64 concurrent
/// callers, against 600 a second for a pooled connection per operation once 8 or more callers contend.
/// </para>
/// <para>
/// Reads take a read-only connection from Microsoft.Data.Sqlite's pool: in WAL mode they run beside the writer and see
/// every write whose task has completed.
/// </para>
/// <para>
/// Microsoft.Data.Sqlite runs its asynchronous methods synchronously and cannot interrupt a statement, so a token is
/// observed before each operation starts and while it waits for the writer, never half-way: a write is committed
/// or was never started. Every member may be called concurrently.
/// </para>
/// <para>
/// Every write records its outcome (<see cref="_lastWrite"/>), for <see cref="CanWriteAsync"/>: a write that fails with a
/// <see cref="SqliteException"/> (a full disk, a read-only file, a lock held elsewhere) is rolled back whole, the
/// connection stays usable, and the next write tries again. The change between failing and succeeding is logged once
/// each way, not per write.
/// </para>
/// </remarks>
internal sealed partial class SqliteJobStore : IJobStore, IAsyncDisposable, IDisposable
{
    /// <summary>How long a statement waits for another process's lock (5 s) before failing with SQLITE_BUSY.</summary>
    /// <remarks>In this process only one connection writes, so the wait is for other processes (a backup, the CLI).</remarks>
    private const string BusyTimeoutPragma = "PRAGMA busy_timeout = 5000;";

    /// <summary>Rows deleted per purge transaction; the writer is released between batches so creates interleave.</summary>
    internal const int PurgeBatchSize = 500;

    /// <summary>The only connection that writes; used under <see cref="_writeLock"/>.</summary>
    private readonly SqliteConnection _writer;

    /// <summary>Held while <see cref="_writer"/> is in use.</summary>
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    /// <summary>Pooled, read-only connections to the same file.</summary>
    private readonly string _readConnectionString;

    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    /// <summary>Set once, under <see cref="_writeLock"/>, by <see cref="Close"/>.</summary>
    private volatile bool _disposed;

    /// <summary>The outcome of the last write; replaced (never mutated) under <see cref="_writeLock"/>, read anywhere.</summary>
    private volatile WriteOutcome? _lastWrite;

    /// <summary>Opens (creating if needed) the database, switches it to WAL, and migrates its schema.</summary>
    /// <param name="options">The database path.</param>
    /// <param name="timeProvider">The clock for <see cref="JobRecord.CreatedAt"/> and <see cref="JobRecord.UpdatedAt"/>.</param>
    /// <param name="logger">The store's logger.</param>
    /// <param name="hostEnvironment">A relative <see cref="JobStoreOptions.DatabasePath"/> is resolved against its
    /// content root; without one, against the current directory.</param>
    /// <exception cref="InvalidOperationException">The database cannot use WAL, or was written by a newer schema.</exception>
    public SqliteJobStore(
        IOptions<JobStoreOptions> options,
        TimeProvider timeProvider,
        ILogger<SqliteJobStore> logger,
        IHostEnvironment? hostEnvironment = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);

        var configuredPath = options.Value.DatabasePath;
        ArgumentException.ThrowIfNullOrWhiteSpace(configuredPath, "options.DatabasePath");
        DatabasePath = Path.GetFullPath(configuredPath, hostEnvironment?.ContentRootPath ?? Environment.CurrentDirectory);
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);

        _timeProvider = timeProvider;
        _logger = logger;
        _readConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = true,
        }.ToString();

        // Pooling off: this connection lives as long as the store, and closing it for real at disposal (after the
        // readers' pool is cleared) checkpoints the WAL into the database file and removes it.
        _writer = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());

        int foundVersion;
        try
        {
            _writer.Open();
            Configure(_writer, DatabasePath);
            foundVersion = Migrate(_writer);
        }
        catch
        {
            _writer.Dispose();
            throw;
        }

        Log.Opened(_logger, DatabasePath, JobSql.SchemaVersion, foundVersion);
    }

    /// <summary>The full path of the database file.</summary>
    public string DatabasePath { get; }

    public Task<(JobCreateOutcome Outcome, JobRecord Job)> CreateAsync(JobKey key, string requestJson, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key.JobId);
        ArgumentNullException.ThrowIfNull(requestJson);
        return WriteAsync(static (store, state, ct) => store.CreateCoreAsync(state.key, state.requestJson, ct), (key, requestJson), cancellationToken);
    }

    private async Task<(JobCreateOutcome Outcome, JobRecord Job)> CreateCoreAsync(JobKey key, string requestJson, CancellationToken cancellationToken)
    {
        var now = NowMilliseconds();

        // One IMMEDIATE transaction: the insert decides, and the row it lost to cannot change (or be purged by
        // another process) before it is read back. When nothing is inserted nothing is written, so that commit
        // costs no fsync.
        await using var transaction = (SqliteTransaction)await _writer.BeginTransactionAsync(cancellationToken);

        await using var insert = CreateWriterCommand(JobSql.Insert, key, transaction);
        insert.Parameters.AddWithValue("$requestJson", requestJson);
        insert.Parameters.AddWithValue("$now", now);

        if (await insert.ExecuteNonQueryAsync(cancellationToken) == 1)
        {
            await transaction.CommitAsync(cancellationToken);
            var created = DateTimeOffset.FromUnixTimeMilliseconds(now);
            return (JobCreateOutcome.Created, new JobRecord(key.JobId, key.OwnerId, requestJson, JobState.Queued, null, created, created));
        }

        await using var select = CreateWriterCommand(JobSql.SelectJob, key, transaction);
        JobRecord existing;
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                throw new InvalidOperationException($"Job '{key}' conflicted on insert but cannot be read back.");
            }

            existing = ReadJob(reader);
        }

        await transaction.CommitAsync(cancellationToken);

        var outcome = string.Equals(existing.RequestJson, requestJson, StringComparison.Ordinal)
            ? JobCreateOutcome.Duplicate
            : JobCreateOutcome.Conflict;
        Log.CreateRefused(_logger, key.JobId, outcome);
        return (outcome, existing);
    }

    public async Task<JobRecord?> GetAsync(JobKey key, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key.JobId);

        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = JobSql.SelectJob;
        AddKey(command, key);

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadJob(reader) : null;
    }

    /// <inheritdoc/>
    /// <remarks>Moves a Queued (or, after a restart, Running) job to Running. A finished job stays finished.</remarks>
    /// <exception cref="KeyNotFoundException">There is no job <paramref name="key"/>.</exception>
    public Task MarkRunningAsync(JobKey key, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key.JobId);
        return WriteAsync(static async (store, key, ct) =>
        {
            await using var update = store.CreateWriterCommand(JobSql.MarkRunning, key);
            update.Parameters.AddWithValue("$now", store.NowMilliseconds());
            if (await update.ExecuteNonQueryAsync(ct) == 0)
            {
                await store.ReportRefusedTransitionAsync(key, JobState.Running, ct);
            }

            return true;
        }, key, cancellationToken);
    }

    /// <inheritdoc/>
    /// <remarks>The first outcome stored wins: completing a finished job changes nothing.</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="state"/> is neither Succeeded nor Failed.</exception>
    /// <exception cref="KeyNotFoundException">There is no job <paramref name="key"/>.</exception>
    public Task CompleteAsync(JobKey key, JobState state, string resultJson, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key.JobId);
        ArgumentNullException.ThrowIfNull(resultJson);
        if (state is not (JobState.Succeeded or JobState.Failed))
        {
            throw new ArgumentOutOfRangeException(nameof(state), state, "A job completes as Succeeded or Failed.");
        }

        return WriteAsync(static async (store, args, ct) =>
        {
            await using var update = store.CreateWriterCommand(JobSql.Complete, args.key);
            update.Parameters.AddWithValue("$state", (int)args.state);
            update.Parameters.AddWithValue("$resultJson", args.resultJson);
            update.Parameters.AddWithValue("$now", store.NowMilliseconds());
            if (await update.ExecuteNonQueryAsync(ct) == 0)
            {
                await store.ReportRefusedTransitionAsync(args.key, args.state, ct);
            }

            return true;
        }, (key, state, resultJson), cancellationToken);
    }

    public async Task<IReadOnlyList<JobRecord>> GetUnfinishedAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = JobSql.SelectUnfinished;

        var jobs = new List<JobRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            jobs.Add(ReadJob(reader));
        }

        return jobs;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Deletes in transactions of <see cref="PurgeBatchSize"/> rows and lets other writes in between, so a large purge
    /// never holds up new jobs for long. If <paramref name="cancellationToken"/> fires, the batches already deleted
    /// stay deleted.
    /// </remarks>
    public async Task<int> PurgeFinishedAsync(DateTimeOffset olderThan, CancellationToken cancellationToken)
    {
        var cutoff = olderThan.ToUnixTimeMilliseconds();
        var total = 0;
        int deleted;
        do
        {
            deleted = await WriteAsync(static async (store, cutoff, ct) =>
            {
                await using var delete = store.CreateWriterCommand(JobSql.PurgeBatch);
                delete.Parameters.AddWithValue("$olderThan", cutoff);
                delete.Parameters.AddWithValue("$limit", PurgeBatchSize);
                return await delete.ExecuteNonQueryAsync(ct);
            }, cutoff, cancellationToken);

            total += deleted;
        }
        while (deleted == PurgeBatchSize);

        return total;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The probe is a write that changes nothing (<see cref="JobSql.WriteVersion"/>). Callers that arrive together
    /// queue for the writer; each one that finds a fresh outcome once it has the writer takes it instead of writing.
    /// </remarks>
    public async ValueTask<bool> CanWriteAsync(TimeSpan maxAge, CancellationToken cancellationToken)
    {
        if (Fresh(maxAge) is { } known)
        {
            return known;
        }

        await EnterWriterAsync(cancellationToken);
        try
        {
            if (Fresh(maxAge) is { } answered)
            {
                return answered;
            }

            try
            {
                using var transaction = _writer.BeginTransaction();
                var version = Convert.ToInt64(ExecuteScalar(_writer, JobSql.SelectVersion, transaction), CultureInfo.InvariantCulture);
                Execute(_writer, JobSql.WriteVersion(version), transaction);
                transaction.Commit();
                RecordWrite(null);
                return true;
            }
            catch (SqliteException ex)
            {
                RecordWrite(ex);
                return false;
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Waits for in-flight writes, then closes the database. Later calls throw <see cref="ObjectDisposedException"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        await _writeLock.WaitAsync();
        try
        {
            Close();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <inheritdoc cref="DisposeAsync"/>
    /// <remarks>
    /// For a container disposed synchronously, which refuses a service that is only <see cref="IAsyncDisposable"/>.
    /// Closing is synchronous work either way: only the wait for an in-flight write differs.
    /// </remarks>
    public void Dispose()
    {
        _writeLock.Wait();
        try
        {
            Close();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Closes the database once; called under <see cref="_writeLock"/>.</summary>
    private void Close()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;

        // Readers first, so that closing the writer closes the last connection: SQLite then checkpoints the WAL
        // and deletes it (and the -shm file), leaving a single database file behind.
        using (var reader = new SqliteConnection(_readConnectionString))
        {
            SqliteConnection.ClearPool(reader);
        }

        _writer.Dispose();
    }

    /// <summary>Sets the per-connection pragmas of the writer and switches the database to WAL.</summary>
    private static void Configure(SqliteConnection connection, string path)
    {
        // First, so that the statements below wait for another process instead of failing.
        Execute(connection, BusyTimeoutPragma);

        // WAL: readers never block the writer nor the writer them, and a commit appends to one file instead of
        // rewriting pages in place. The mode is stored in the database file; SQLite answers with the mode in force,
        // which stays 'delete' where WAL cannot work (a file system without shared memory, such as some network shares).
        var mode = Convert.ToString(ExecuteScalar(connection, "PRAGMA journal_mode = WAL;"), CultureInfo.InvariantCulture);
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"The job store '{path}' cannot use write-ahead logging (journal_mode is '{mode}'); put it on a local file system.");
        }

        // FULL: every commit fsyncs the WAL before it returns, so a job acknowledged with 202 survives a power loss or
        // an OS crash, as IJobStore promises. NORMAL in WAL mode syncs only at checkpoints: still consistent, and it
        // survives a crash of this process, but a power loss can roll back the last commits, i.e. jobs we already
        // acknowledged. NORMAL measured about 3-4x the write rate here (fsync is cheap on this VM and costlier on most
        // disks), but the service writes a handful of rows per job, and a job takes seconds of model time: the
        // stronger guarantee costs nothing we would notice. synchronous is per connection, and only this one writes.
        Execute(connection, "PRAGMA synchronous = FULL;");
    }

    /// <summary>Brings the schema to <see cref="JobSql.SchemaVersion"/>; returns the version found.</summary>
    private static int Migrate(SqliteConnection connection)
    {
        // IMMEDIATE (the default here): two processes opening a new file at once migrate it once, one after the other.
        using var transaction = connection.BeginTransaction();
        var version = Convert.ToInt32(ExecuteScalar(connection, "PRAGMA user_version;", transaction), CultureInfo.InvariantCulture);
        if (version > JobSql.SchemaVersion)
        {
            throw new InvalidOperationException(
                $"The job store's schema version is {version}; this build knows versions up to {JobSql.SchemaVersion}.");
        }

        for (var i = version; i < JobSql.SchemaVersion; i++)
        {
            Execute(connection, JobSql.Migrations[i], transaction);
        }

        transaction.Commit();
        return version;
    }

    private async Task EnterWriterAsync(CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        if (_disposed)
        {
            _writeLock.Release();
            throw new ObjectDisposedException(nameof(SqliteJobStore));
        }
    }

    private async Task<SqliteConnection> OpenReaderAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var connection = new SqliteConnection(_readConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Runs a write with the writer held, and records its outcome: a <see cref="SqliteException"/> is the store failing
    /// to write; anything else (a missing job, a cancelled wait) says nothing about the store.
    /// </summary>
    private async Task<TResult> WriteAsync<TState, TResult>(
        Func<SqliteJobStore, TState, CancellationToken, Task<TResult>> write, TState state, CancellationToken cancellationToken)
    {
        await EnterWriterAsync(cancellationToken);
        try
        {
            var result = await write(this, state, cancellationToken);
            RecordWrite(null);
            return result;
        }
        catch (SqliteException ex)
        {
            RecordWrite(ex);
            throw;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Records a write's outcome (<paramref name="failure"/> null: it succeeded); called with the writer held.</summary>
    private void RecordWrite(SqliteException? failure)
    {
        var previous = _lastWrite;
        _lastWrite = new WriteOutcome(failure is null, _timeProvider.GetTimestamp());
        if (failure is not null && previous?.Succeeded != false)
        {
            Log.WritesFailing(_logger, DatabasePath, failure.SqliteErrorCode, failure);
        }
        else if (failure is null && previous?.Succeeded == false)
        {
            Log.WritesResumed(_logger, DatabasePath);
        }
    }

    /// <summary>The last write's outcome if it is younger than <paramref name="maxAge"/>; otherwise null.</summary>
    private bool? Fresh(TimeSpan maxAge) =>
        _lastWrite is { } last && _timeProvider.GetElapsedTime(last.Timestamp) < maxAge ? last.Succeeded : null;

    private SqliteCommand CreateWriterCommand(string sql, SqliteTransaction? transaction = null)
    {
        var command = _writer.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    private SqliteCommand CreateWriterCommand(string sql, JobKey key, SqliteTransaction? transaction = null)
    {
        var command = CreateWriterCommand(sql, transaction);
        AddKey(command, key);
        return command;
    }

    /// <summary>Binds <c>$ownerId</c> and <c>$jobId</c>; a job without an owner is stored with <c>''</c>.</summary>
    private static void AddKey(SqliteCommand command, JobKey key)
    {
        command.Parameters.AddWithValue("$ownerId", key.OwnerId ?? string.Empty);
        command.Parameters.AddWithValue("$jobId", key.JobId);
    }

    /// <summary>A transition matched no row: throws if the job does not exist; logs if it is already finished.</summary>
    private async Task ReportRefusedTransitionAsync(JobKey key, JobState target, CancellationToken cancellationToken)
    {
        await using var select = CreateWriterCommand(JobSql.SelectState, key);
        var state = await select.ExecuteScalarAsync(cancellationToken);
        if (state is null)
        {
            throw new KeyNotFoundException($"There is no job '{key}'.");
        }

        Log.TransitionIgnored(_logger, key.JobId, (JobState)Convert.ToInt32(state, CultureInfo.InvariantCulture), target);
    }

    private long NowMilliseconds() => _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Reads a row selected with the columns of <see cref="JobSql.SelectJob"/>.</summary>
    private static JobRecord ReadJob(SqliteDataReader reader) => new(
        JobId: reader.GetString(0),
        OwnerId: reader.GetString(1) is { Length: > 0 } owner ? owner : null,
        RequestJson: reader.GetString(2),
        State: (JobState)reader.GetInt32(3),
        ResultJson: reader.IsDBNull(4) ? null : reader.GetString(4),
        CreatedAt: DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
        UpdatedAt: DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)));

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }

    private static object? ExecuteScalar(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command.ExecuteScalar();
    }

    /// <summary>Whether a write succeeded, and when (a <see cref="TimeProvider"/> timestamp).</summary>
    private sealed record WriteOutcome(bool Succeeded, long Timestamp);
}
