using RagMemory.Identity;
using RagMemory.State.PostgreSql;
using RagMemory.Tests.Engines.Contracts;

namespace RagMemory.Tests.Engines.PostgreSql;

/// <summary>The account repository contract against PostgreSQL: a database of its own per test on the run's real server.</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlAccountRepositoryContractTests(PostgreSqlServer server) : AccountRepositoryContract
{
    private readonly PostgreSqlDatabases _databases = new(server);

    /// <summary>A new database object over the same database, as a restarted or another replica would open it.</summary>
    protected override IAccountRepository OpenRepository() => new PostgreSqlAccountRepository(_databases.Open());

    public override Task InitializeAsync() => _databases.InitializeAsync();

    public override Task DisposeAsync() => _databases.DisposeAsync().AsTask();
}
