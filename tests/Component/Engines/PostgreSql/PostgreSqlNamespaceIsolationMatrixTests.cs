using RagMemory.State.PostgreSql;
using RagMemory.Tests.Api;

namespace RagMemory.Tests.Engines.PostgreSql;

/// <summary>
/// The isolation matrix with state on a real PostgreSQL: accounts with their namespaces, API clients and the event store
/// (ids unique per namespace) there, the indexes embedded.
/// </summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlNamespaceIsolationMatrixTests(PostgreSqlServer server) : NamespaceIsolationMatrix, IAsyncLifetime
{
    private readonly RagMemoryApiFactory _factory = new();

    protected override RagMemoryApiFactory Factory => _factory;

    public async Task InitializeAsync()
    {
        _factory.Settings["Engines:State"] = "PostgreSql";
        _factory.Settings[$"ConnectionStrings:{PostgreSqlStateOptions.ConnectionStringName}"] = await server.CreateDatabaseAsync();
        _factory.Settings["Identity:SigningKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();
}
