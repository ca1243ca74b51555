using RagMemory.Ingestion;
using RagMemory.State.PostgreSql;
using RagMemory.Tests.Engines.Contracts;

namespace RagMemory.Tests.Engines.PostgreSql;

/// <summary>The event store contract against PostgreSQL: a database of its own per test on the run's real server.</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlEventStoreContractTests(PostgreSqlServer server) : EventStoreContract
{
    private readonly PostgreSqlDatabases _databases = new(server);

    /// <summary>A new database object and store over the same database, as a restarted replica would open them.</summary>
    protected override IEventStore OpenStore(TimeProvider time) => new PostgreSqlEventStore(_databases.Open(), time);

    public override Task InitializeAsync() => _databases.InitializeAsync();

    public override Task DisposeAsync() => _databases.DisposeAsync().AsTask();
}
