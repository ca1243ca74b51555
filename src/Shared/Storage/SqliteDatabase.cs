using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using RagMemory.Engines;

namespace RagMemory.Storage;

/// <summary>
/// Opens connections to the one SQLite file that is the source of truth for every embedded engine.
/// WAL lets the ingestion worker write while searches read; the busy timeout absorbs short write contention.
/// </summary>
public sealed class SqliteDatabase
{
    private readonly string _connectionString;
    private readonly string _path;

    public SqliteDatabase(IOptions<StorageOptions> options)
    {
        var path = options.Value.DatabasePath;
        _path = path;
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

    /// <summary>
    /// What an embedded adapter says of itself: <paramref name="engine"/> with SQLite's version, this file, the given
    /// counts (each a <c>SELECT count(*)</c>) and the file's size on disk with its write-ahead log.
    /// </summary>
    public EngineDescription Describe(string engine, params (string What, string CountSql)[] counts)
    {
        using var connection = Open();
        var sizes = new List<EngineSize>();
        foreach (var (what, sql) in counts)
        {
            using var count = connection.CreateCommand();
            count.CommandText = sql;
            sizes.Add(new EngineSize(what, Convert.ToInt64(count.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture), EngineSize.Records));
        }

        using var version = connection.CreateCommand();
        version.CommandText = "SELECT sqlite_version();";
        var bytes = new[] { _path, _path + "-wal" }.Select(file => new FileInfo(file)).Where(file => file.Exists).Sum(file => file.Length);
        sizes.Add(new EngineSize("database file", bytes, EngineSize.Bytes));
        return new EngineDescription(engine, $"SQLite {version.ExecuteScalar()}", _path, sizes);
    }

    public static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
