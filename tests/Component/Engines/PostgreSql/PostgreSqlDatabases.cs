using Microsoft.Extensions.Options;
using RagMemory.State.PostgreSql;

namespace RagMemory.Tests.Engines.PostgreSql;

/// <summary>
/// One test's database on the run's server, and every <see cref="PostgreSqlDatabase"/> the test opens over it (each one
/// as a restarted or another replica would open it), closed when the test ends.
/// </summary>
public sealed class PostgreSqlDatabases(PostgreSqlServer server) : IAsyncDisposable
{
    private readonly List<PostgreSqlDatabase> _opened = [];

    public string ConnectionString { get; private set; } = string.Empty;

    public IOptions<PostgreSqlStateOptions> Options => Microsoft.Extensions.Options.Options.Create(new PostgreSqlStateOptions { ConnectionString = ConnectionString });

    public async Task InitializeAsync() => ConnectionString = await server.CreateDatabaseAsync();

    /// <summary>A new database object over this test's database; it migrates the schema as a starting replica does.</summary>
    public PostgreSqlDatabase Open()
    {
        var database = new PostgreSqlDatabase(Options);
        lock (_opened)
        {
            _opened.Add(database);
        }

        return database;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var database in _opened)
        {
            await database.DisposeAsync();
        }
    }
}
