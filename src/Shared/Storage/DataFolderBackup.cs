using Microsoft.Data.Sqlite;

namespace RagMemory.Storage;

/// <summary>
/// Copies of the embedded data folder, safe while a portal runs on it: the SQLite file through SQLite's online backup
/// (one consistent snapshot, taken under a read transaction that does not stop the portal's writers) and the signing
/// key. The HNSW index files are left out: SQLite is the source of truth, and a restored folder's first start
/// rebuilds them from it. Logs stay behind.
/// </summary>
public static class DataFolderBackup
{
    public const string DatabaseFile = "ragmemory.db";
    public const string SigningKeyFile = "signing.key";

    /// <summary>Writes a backup of <paramref name="dataFolder"/> into <paramref name="backupFolder"/>, which must hold no backup yet.</summary>
    public static BackupSummary Backup(string dataFolder, string backupFolder)
    {
        var source = Path.Combine(Path.GetFullPath(dataFolder), DatabaseFile);
        if (!File.Exists(source))
        {
            throw new InvalidOperationException($"There is no database at {source}: is Storage:DataDirectory the portal's data folder?");
        }

        return Copy(Path.GetFullPath(dataFolder), source, Path.GetFullPath(backupFolder), "backup folder");
    }

    /// <summary>Restores the backup in <paramref name="backupFolder"/> into <paramref name="dataFolder"/>, which must hold no database yet.</summary>
    public static BackupSummary Restore(string backupFolder, string dataFolder)
    {
        var source = Path.Combine(Path.GetFullPath(backupFolder), DatabaseFile);
        if (!File.Exists(source))
        {
            throw new InvalidOperationException($"There is no backup at {source}.");
        }

        return Copy(Path.GetFullPath(backupFolder), source, Path.GetFullPath(dataFolder), "data folder");
    }

    private static BackupSummary Copy(string fromFolder, string sourceDatabase, string toFolder, string toWhat)
    {
        var target = Path.Combine(toFolder, DatabaseFile);
        if (File.Exists(target))
        {
            throw new InvalidOperationException($"The {toWhat} {toFolder} already holds a database; choose an empty folder, so that nothing is overwritten.");
        }

        PrivateFiles.EnsureFile(target);
        using (var from = Open(sourceDatabase))
        using (var to = Open(target))
        {
            from.BackupDatabase(to);
        }

        var signingKey = Path.Combine(fromFolder, SigningKeyFile);
        if (File.Exists(signingKey))
        {
            PrivateFiles.WriteAllText(Path.Combine(toFolder, SigningKeyFile), File.ReadAllText(signingKey));
        }

        using var copy = Open(target);
        return new BackupSummary(
            target,
            (string)Scalar(copy, "PRAGMA integrity_check;"),
            (long)Scalar(copy, "SELECT COUNT(*) FROM ingest_events;"),
            (long)Scalar(copy, "SELECT COUNT(*) FROM chunk_vectors;"));
    }

    /// <summary>
    /// Read-write even to read (nothing is written): a read-only connection to a database in WAL mode fails where
    /// SQLite's shared-memory file is missing, as it is beside a fresh backup or a stopped portal's database.
    /// </summary>
    private static SqliteConnection Open(string path)
    {
        // Not pooled: the files are closed when the command ends, and a restored folder is at once the portal's.
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWrite, Pooling = false, DefaultTimeout = 30 }.ToString());
        connection.Open();
        return connection;
    }

    private static object Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar()!;
    }
}
