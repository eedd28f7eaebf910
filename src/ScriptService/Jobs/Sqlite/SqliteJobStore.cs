using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using ScriptService.Diagnostics;

namespace ScriptService.Jobs.Sqlite;

/// <summary>The durable <see cref="IJobStore"/>: one SQLite database file in WAL mode.</summary>
/// <remarks>
/// <para>
/// Writes group their commits. Every write (a create, a state change, a completion, a purge batch, a probe) is queued
/// in <see cref="_writes"/>, a bounded queue, and one writer loop (<see cref="RunWriter"/>, on a thread of its own) owns the only connection
/// that writes: it takes every write waiting, runs them in one IMMEDIATE transaction, commits once (one fsync of the
/// WAL), and only then completes each caller's task with its own outcome. With synchronous=FULL the fsync is what a
/// commit costs, so writes that arrive together share it instead of queueing for one each; a write that arrives alone
/// is committed alone, without waiting for company.
/// </para>
/// <para>
/// A write that fails on its own (completing a job that does not exist) finds that out before it changes anything,
/// and fails alone: the batch commits without it. A write is never split from its batch otherwise: a
/// <see cref="SqliteException"/> (a full disk, a read-only file, a lock held by another process), from a statement or
/// the commit, rolls the whole batch back and fails every write of it with that exception, the failure its callers
/// handle (503, or a retry). Nothing is half-written, and the connection stays usable for the next batch.
/// </para>
/// <para>
/// Reads take a read-only connection of their own: in WAL mode they run beside the writer and see every write whose
/// task has completed. Each connection, the writer's and the readers', keeps its statements prepared
/// (<see cref="PreparedStatements"/>); idle read connections are kept with theirs, up to <see cref="MaxIdleReaders"/>.
/// </para>
/// <para>
/// Microsoft.Data.Sqlite runs its asynchronous methods synchronously and cannot interrupt a statement, so a token
/// withdraws a write only while it waits in the queue: a write is committed or was never started. Every member may be
/// called concurrently. Disposal lets the loop commit every write already queued, then closes the database.
/// </para>
/// <para>
/// Every batch records its outcome (<see cref="_lastWrite"/>), for <see cref="CanWriteAsync"/>; the change between
/// failing and succeeding is logged once each way, not per write.
/// </para>
/// </remarks>
internal sealed partial class SqliteJobStore : IJobStore, IAsyncDisposable, IDisposable
{
    /// <summary>How long a statement waits for another process's lock (5 s) before failing with SQLITE_BUSY.</summary>
    /// <remarks>In this process only one connection writes, so the wait is for other processes (a backup, the CLI).</remarks>
    private const string BusyTimeoutPragma = "PRAGMA busy_timeout = 5000;";

    /// <summary>Rows deleted per purge transaction; the writer is released between batches so creates interleave.</summary>
    internal const int PurgeBatchSize = 500;

    /// <summary>
    /// Writes that may wait for the writer; a caller beyond them waits for room. It bounds the memory the queue holds
    /// (each write carries its request or result JSON) and the size of a batch.
    /// </summary>
    internal const int WriteQueueCapacity = 1024;

    /// <summary>
    /// Read connections kept open, with their prepared statements, between reads. Reads run synchronously on pool
    /// threads, so there are rarely more at once than threads; one beyond goes back to Microsoft.Data.Sqlite's pool.
    /// </summary>
    private const int MaxIdleReaders = 16;

    /// <summary>The only connection that writes; used by the writer loop alone once the constructor has returned.</summary>
    private readonly SqliteConnection _writer;

    /// <summary>The writer's statements; used by the writer loop alone.</summary>
    private readonly PreparedStatements _writerStatements;

    /// <summary>Read connections between reads, each with its statements.</summary>
    private readonly ConcurrentBag<PreparedStatements> _idleReaders = [];

    /// <summary>How many connections <see cref="_idleReaders"/> holds (approximately, while reads come and go).</summary>
    private int _idleReaderCount;

    /// <summary>The writes waiting for <see cref="RunWriter"/>; completed (closed to new writes) by disposal.</summary>
    private readonly Channel<PendingWrite> _writes;

    /// <summary>The writer loop; ends once <see cref="_writes"/> is completed and drained.</summary>
    private readonly Task _writerLoop;

    /// <summary>Pooled, read-only connections to the same file.</summary>
    private readonly string _readConnectionString;

    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly StoreMetrics _metrics;

    /// <summary>1 once disposal has begun: <see cref="_writes"/> takes no more writes.</summary>
    private int _closing;

    /// <summary>1 once the database is closed (by the first disposal to get there).</summary>
    private int _closed;

    /// <summary>Set once the database is closed; reads throw from then on.</summary>
    private volatile bool _disposed;

    /// <summary>The outcome of the last batch; replaced (never mutated) by the writer loop, read anywhere.</summary>
    private volatile WriteOutcome? _lastWrite;

    /// <summary>Opens (creating if needed) the database, switches it to WAL, and migrates its schema.</summary>
    /// <param name="options">The database path.</param>
    /// <param name="timeProvider">The clock for <see cref="JobRecord.CreatedAt"/> and <see cref="JobRecord.UpdatedAt"/>.</param>
    /// <param name="logger">The store's logger.</param>
    /// <param name="hostEnvironment">A relative <see cref="JobStoreOptions.DatabasePath"/> is resolved against its
    /// content root; without one, against the current directory.</param>
    /// <param name="meterFactory">Where the batch sizes are recorded (<see cref="StoreMetrics"/>); without one, on a meter of the store's own.</param>
    /// <exception cref="InvalidOperationException">The database cannot use WAL, or was written by a newer schema.</exception>
    public SqliteJobStore(
        IOptions<JobStoreOptions> options,
        TimeProvider timeProvider,
        ILogger<SqliteJobStore> logger,
        IHostEnvironment? hostEnvironment = null,
        IMeterFactory? meterFactory = null)
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
        _writerStatements = new PreparedStatements(_writer);

        _metrics = new StoreMetrics(meterFactory);
        _writes = Channel.CreateBounded<PendingWrite>(new BoundedChannelOptions(WriteQueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });

        // A thread of its own, not the pool's: the loop blocks in SQLite for a whole batch and its fsync (up to tens of
        // milliseconds on a busy disk), and on a pool thread that held one of the few threads the requests and the
        // workers run on, which the pool then made up for with more threads and more switching between them.
        _writerLoop = Task.Factory.StartNew(RunWriter, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>The full path of the database file.</summary>
    public string DatabasePath { get; }

    public Task<(JobCreateOutcome Outcome, JobRecord Job)> CreateAsync(JobKey key, string requestJson, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key.JobId);
        ArgumentNullException.ThrowIfNull(requestJson);
        return SubmitAsync(new CreateWrite(key, requestJson), cancellationToken);
    }

    public Task<JobRecord?> GetAsync(JobKey key, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key.JobId);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<JobRecord?>(cancellationToken);
        }

        // Synchronous, as Microsoft.Data.Sqlite's asynchronous methods are anyway: a point read by primary key.
        PreparedStatements? statements = null;
        try
        {
            statements = RentReader();
            var command = statements.Get(JobSql.SelectJob);
            PreparedStatements.BindKey(command, key);
            using var reader = command.ExecuteReader();
            return Task.FromResult(reader.Read() ? ReadJob(reader) : null);
        }
        catch (Exception ex)
        {
            // A connection that failed is not kept: the next read opens a fresh one.
            statements?.Dispose();
            statements?.Connection.Dispose();
            statements = null;
            return Task.FromException<JobRecord?>(ex);
        }
        finally
        {
            if (statements is not null)
            {
                ReturnReader(statements);
            }
        }
    }

    /// <inheritdoc/>
    /// <remarks>Moves a Queued (or, after a restart, Running) job to Running. A finished job stays finished.</remarks>
    /// <exception cref="KeyNotFoundException">There is no job <paramref name="key"/>.</exception>
    public Task MarkRunningAsync(JobKey key, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key.JobId);
        return SubmitAsync(new MarkRunningWrite(key), cancellationToken);
    }

    /// <inheritdoc/>
    /// <remarks>The first outcome stored wins: completing a finished job changes nothing.</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="state"/> is neither Succeeded nor Failed.</exception>
    /// <exception cref="KeyNotFoundException">There is no job <paramref name="key"/>.</exception>
    public Task<bool> CompleteAsync(JobKey key, JobState state, string resultJson, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key.JobId);
        ArgumentNullException.ThrowIfNull(resultJson);
        if (state is not (JobState.Succeeded or JobState.Failed))
        {
            throw new ArgumentOutOfRangeException(nameof(state), state, "A job completes as Succeeded or Failed.");
        }

        return SubmitAsync(new CompleteWrite(key, state, resultJson), cancellationToken);
    }

    /// <inheritdoc cref="CompleteAsync"/>
    /// <remarks>The bytes are stored as the text they encode, as <see cref="CompleteAsync"/> stores a string.</remarks>
    public Task<bool> CompleteUtf8Async(JobKey key, JobState state, byte[] resultJson, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key.JobId);
        ArgumentNullException.ThrowIfNull(resultJson);
        if (state is not (JobState.Succeeded or JobState.Failed))
        {
            throw new ArgumentOutOfRangeException(nameof(state), state, "A job completes as Succeeded or Failed.");
        }

        return SubmitAsync(new CompleteWrite(key, state, resultJson), cancellationToken);
    }

    public async Task<IReadOnlyList<JobRecord>> GetUnfinishedAsync(CancellationToken cancellationToken)
    {
        // Once, at start: a connection of its own rather than one of the kept ones, and its statement unkept.
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
    /// Deletes in writes of <see cref="PurgeBatchSize"/> rows, each queued behind the writes already waiting, so a large
    /// purge never holds up new jobs for long. If <paramref name="cancellationToken"/> fires, the batches already deleted
    /// stay deleted.
    /// </remarks>
    public async Task<int> PurgeFinishedAsync(DateTimeOffset olderThan, CancellationToken cancellationToken)
    {
        var cutoff = olderThan.ToUnixTimeMilliseconds();
        var total = 0;
        int deleted;
        do
        {
            deleted = await SubmitAsync(new PurgeWrite(cutoff), cancellationToken);
            total += deleted;
        }
        while (deleted == PurgeBatchSize);

        return total;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The probe is a write that changes nothing (<see cref="JobSql.WriteVersion"/>), queued and committed as any write.
    /// Callers that arrive together share a batch; a probe whose turn comes after a fresh outcome takes it instead of
    /// writing.
    /// </remarks>
    public async ValueTask<bool> CanWriteAsync(TimeSpan maxAge, CancellationToken cancellationToken)
    {
        if (Fresh(maxAge) is { } known)
        {
            return known;
        }

        try
        {
            return await SubmitAsync(new ProbeWrite(maxAge), cancellationToken);
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    /// <summary>
    /// Lets the writer loop commit every write already queued, then closes the database. Later calls throw
    /// <see cref="ObjectDisposedException"/>.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        BeginClosing();
        await _writerLoop.ConfigureAwait(false);
        Close();
    }

    /// <inheritdoc cref="DisposeAsync"/>
    /// <remarks>
    /// For a container disposed synchronously, which refuses a service that is only <see cref="IAsyncDisposable"/>.
    /// Closing is synchronous work either way: only the wait for the queued writes differs.
    /// </remarks>
    public void Dispose()
    {
        BeginClosing();
        _writerLoop.GetAwaiter().GetResult();
        Close();
    }

    /// <summary>Refuses new writes; the loop drains the queue and ends.</summary>
    private void BeginClosing()
    {
        if (Interlocked.Exchange(ref _closing, 1) == 0)
        {
            _writes.Writer.TryComplete();
        }
    }

    /// <summary>Closes the database once, after the writer loop has ended.</summary>
    private void Close()
    {
        Debug.Assert(_writerLoop.IsCompleted, "The database is closed only after the writer loop has ended.");
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        _disposed = true;
        _metrics.Dispose();

        // Readers first, so that closing the writer closes the last connection: SQLite then checkpoints the WAL
        // and deletes it (and the -shm file), leaving a single database file behind.
        CloseIdleReaders();
        using (var reader = new SqliteConnection(_readConnectionString))
        {
            SqliteConnection.ClearPool(reader);
        }

        _writerStatements.Dispose();
        _writer.Dispose();
    }

    /// <summary>Sets the per-connection pragmas of the writer and switches the database to WAL.</summary>
    private static void Configure(SqliteConnection connection, string path)
    {
        // First, so that the statements below wait for another process instead of failing.
        Execute(connection, BusyTimeoutPragma);

        // Large pages for a new database (an existing one keeps its size: WAL cannot change it): a stored result is
        // several KB, which on small pages spills into overflow pages, and a commit writes each page it touches as its
        // own WAL frame (a write call each). On large pages a result lives in its row's page, and a commit of many
        // writes touches fewer pages. Only takes effect before the first table exists.
        Execute(connection, "PRAGMA page_size = 16384;");

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

    /// <summary>An idle read connection with its statements, or a new one.</summary>
    private PreparedStatements RentReader()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_idleReaders.TryTake(out var statements))
        {
            Interlocked.Decrement(ref _idleReaderCount);
            return statements;
        }

        var connection = new SqliteConnection(_readConnectionString);
        try
        {
            connection.Open();
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        return new PreparedStatements(connection);
    }

    /// <summary>Keeps a read connection for the next read, unless enough are kept or the store is closed.</summary>
    private void ReturnReader(PreparedStatements statements)
    {
        if (!_disposed && Interlocked.Increment(ref _idleReaderCount) <= MaxIdleReaders)
        {
            _idleReaders.Add(statements);

            // Closing may have emptied the bag just before this one went in: it must not stay open after the store.
            if (_disposed)
            {
                CloseIdleReaders();
            }

            return;
        }

        if (!_disposed)
        {
            Interlocked.Decrement(ref _idleReaderCount);
        }

        statements.Dispose();
        statements.Connection.Dispose();
    }

    /// <summary>Closes the idle read connections (at disposal).</summary>
    private void CloseIdleReaders()
    {
        while (_idleReaders.TryTake(out var statements))
        {
            Interlocked.Decrement(ref _idleReaderCount);
            statements.Dispose();
            statements.Connection.Dispose();
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

    /// <summary>Records a batch's outcome (<paramref name="failure"/> null: it succeeded); called by the writer loop.</summary>
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

    /// <summary>The writer's prepared command for <paramref name="sql"/>, in the batch's transaction; not to be disposed.</summary>
    private SqliteCommand CreateWriterCommand(string sql, SqliteTransaction transaction) => _writerStatements.Get(sql, transaction);

    private SqliteCommand CreateWriterCommand(string sql, JobKey key, SqliteTransaction transaction)
    {
        var command = CreateWriterCommand(sql, transaction);
        PreparedStatements.BindKey(command, key);
        return command;
    }

    /// <summary>A transition matched no row: throws if the job does not exist; logs if it is already finished.</summary>
    private void ReportRefusedTransition(JobKey key, JobState target, SqliteTransaction transaction)
    {
        var state = CreateWriterCommand(JobSql.SelectState, key, transaction).ExecuteScalar();
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
