using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using RagMemory.Storage;

namespace RagMemory.Tests.Engines;

/// <summary>A fresh data folder under the system temp folder for one test, deleted with everything in it on dispose.</summary>
public sealed class TempDataFolder : IDisposable
{
    public TempDataFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ragmemory-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public IOptions<StorageOptions> Storage => Options.Create(new StorageOptions { DataDirectory = Path });

    /// <summary>A new <see cref="SqliteDatabase"/> over this folder, as a new process would open it.</summary>
    public SqliteDatabase OpenDatabase() => new(Storage);

    public void Dispose()
    {
        // Pooled connections keep the database file open; release them before deleting the folder.
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
