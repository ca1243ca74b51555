using Npgsql;
using RagMemory.Ingestion;
using RagMemory.Namespaces;
using RagMemory.State.PostgreSql;

namespace RagMemory.Tests.Engines.PostgreSql;

/// <summary>The state schema's migrations on a real server: versioned, idempotent, and safe with replicas starting at once.</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlMigrationTests(PostgreSqlServer server) : IAsyncLifetime
{
    private readonly PostgreSqlDatabases _databases = new(server);

    public Task InitializeAsync() => _databases.InitializeAsync();

    public Task DisposeAsync() => _databases.DisposeAsync().AsTask();

    [Fact]
    public async Task Replicas_starting_at_once_on_an_empty_database_apply_each_step_once_and_all_start()
    {
        using var ready = new Barrier(4);

        var starts = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            ready.SignalAndWait();
            _databases.Open();
        }));
        await Task.WhenAll(starts);

        Assert.Equal(Enumerable.Range(1, PostgreSqlMigrations.Steps.Count), await AppliedVersionsAsync());
    }

    [Fact]
    public async Task A_second_start_applies_nothing_and_keeps_the_data()
    {
        var first = new PostgreSqlEventStore(_databases.Open(), TimeProvider.System);
        await first.AcceptAsync(MemoryNamespace.Default, new IngestEvent(RecordId.FromString("kept"), "text", []));

        var restarted = new PostgreSqlEventStore(_databases.Open(), TimeProvider.System);

        Assert.Equal(Enumerable.Range(1, PostgreSqlMigrations.Steps.Count), await AppliedVersionsAsync());
        Assert.NotNull(await restarted.GetStatusAsync(MemoryNamespace.Default, RecordId.FromString("kept")));
    }

    [Fact]
    public async Task A_start_waits_while_another_replica_holds_the_migration_lock()
    {
        await using var other = new NpgsqlConnection(_databases.ConnectionString);
        await other.OpenAsync();
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({PostgreSqlMigrations.LockKey});", other))
        {
            await take.ExecuteNonQueryAsync();
        }

        var start = Task.Run(_databases.Open);
        var finishedWhileHeld = await Task.WhenAny(start, Task.Delay(TimeSpan.FromSeconds(1))) == start;
        await using (var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({PostgreSqlMigrations.LockKey});", other))
        {
            await release.ExecuteNonQueryAsync();
        }

        await start;
        Assert.False(finishedWhileHeld, "The migration ran while another session held its advisory lock.");
        Assert.Equal(Enumerable.Range(1, PostgreSqlMigrations.Steps.Count), await AppliedVersionsAsync());
    }

    [Fact]
    public async Task A_database_migrated_by_a_newer_build_is_refused_saying_so()
    {
        _databases.Open();
        await using (var connection = new NpgsqlConnection(_databases.ConnectionString))
        {
            await connection.OpenAsync();
            await using var newer = new NpgsqlCommand($"INSERT INTO schema_migrations(version) VALUES ({PostgreSqlMigrations.Steps.Count + 1});", connection);
            await newer.ExecuteNonQueryAsync();
        }

        var refused = Assert.Throws<InvalidOperationException>(() => _databases.Open());

        Assert.Contains("newer than this build", refused.Message, StringComparison.Ordinal);
    }

    private async Task<List<int>> AppliedVersionsAsync()
    {
        await using var connection = new NpgsqlConnection(_databases.ConnectionString);
        await connection.OpenAsync();
        await using var read = new NpgsqlCommand("SELECT version FROM schema_migrations ORDER BY version;", connection);
        await using var reader = await read.ExecuteReaderAsync();
        var versions = new List<int>();
        while (await reader.ReadAsync())
        {
            versions.Add(reader.GetInt32(0));
        }

        return versions;
    }
}
