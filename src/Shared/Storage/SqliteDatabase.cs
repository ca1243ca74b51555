using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace RagMemory.Storage;

/// <summary>
/// Opens connections to the one SQLite file that is the source of truth for every embedded engine.
/// WAL lets the ingestion worker write while searches read; the busy timeout absorbs short write contention.
/// </summary>
public sealed class SqliteDatabase
{
    private readonly string _connectionString;

    public SqliteDatabase(IOptions<StorageOptions> options)
    {
        var path = options.Value.DatabasePath;
        // The file exists 600 before SQLite opens it; SQLite gives its -wal and -shm files the same mode.
        PrivateFiles.EnsureFile(path);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        using var connection = Open();
        Execute(connection, "PRAGMA journal_mode=WAL;");
        SchemaMigrations.Apply(connection);
    }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        Execute(connection, "PRAGMA busy_timeout=30000; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;");
        return connection;
    }

    public static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
