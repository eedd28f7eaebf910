using Microsoft.Data.Sqlite;

namespace ScriptService.Jobs.Sqlite;

/// <summary>
/// One connection's statements, each prepared once and run again with new parameter values. SQLite parses and plans
/// a statement's text when it is prepared, which for the store's small statements costs more than running them; a
/// command kept with its text keeps its prepared statement.
/// </summary>
/// <remarks>
/// Not thread-safe: a connection is used by one caller at a time (the writer loop, or the read that rented it), and
/// so are its statements. A statement whose reader is disposed is reset, and holds no lock between runs.
/// </remarks>
internal sealed class PreparedStatements(SqliteConnection connection) : IDisposable
{
    /// <summary>The commands by their text (the <see cref="JobSql"/> constants).</summary>
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    /// <summary>The connection the statements run on.</summary>
    public SqliteConnection Connection { get; } = connection;

    /// <summary>
    /// The command for <paramref name="sql"/> in <paramref name="transaction"/>; its parameters keep the values of its
    /// last run until <see cref="Bind"/> sets them. Not to be disposed by the caller.
    /// </summary>
    public SqliteCommand Get(string sql, SqliteTransaction? transaction = null)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = Connection.CreateCommand();
            command.CommandText = sql;
            _commands.Add(sql, command);
        }

        command.Transaction = transaction;
        return command;
    }

    /// <summary>Sets a parameter's value, adding the parameter at the command's first run.</summary>
    public static void Bind(SqliteCommand command, string name, object value)
    {
        var parameters = command.Parameters;
        var index = parameters.IndexOf(name);
        if (index < 0)
        {
            parameters.AddWithValue(name, value);
        }
        else
        {
            parameters[index].Value = value;
        }
    }

    /// <summary>Binds <c>$ownerId</c> and <c>$jobId</c>; a job without an owner is stored with <c>''</c>.</summary>
    public static void BindKey(SqliteCommand command, JobKey key)
    {
        Bind(command, "$ownerId", key.OwnerId ?? string.Empty);
        Bind(command, "$jobId", key.JobId);
    }

    /// <summary>Finalizes the statements; the connection is the owner's to close.</summary>
    public void Dispose()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _commands.Clear();
    }
}
