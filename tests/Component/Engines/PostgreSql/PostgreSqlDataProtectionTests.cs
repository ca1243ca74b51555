using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using RagMemory.State.PostgreSql;

namespace RagMemory.Tests.Engines.PostgreSql;

/// <summary>Data-protection keys in PostgreSQL: what one replica protects (a cookie, a form token) another one reads.</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlDataProtectionTests(PostgreSqlServer server) : IAsyncLifetime
{
    private const string Purpose = "Microsoft.AspNetCore.Authentication.Cookies";
    private readonly PostgreSqlDatabases _databases = new(server);
    private readonly List<ServiceProvider> _replicas = [];

    public Task InitializeAsync() => _databases.InitializeAsync();

    public async Task DisposeAsync()
    {
        foreach (var replica in _replicas)
        {
            await replica.DisposeAsync();
        }

        await _databases.DisposeAsync();
    }

    [Fact]
    public void What_one_replica_protects_another_unprotects()
    {
        var first = Replica();
        var cookie = first.Protect("signed in as alice");

        Assert.Equal("signed in as alice", Replica().Unprotect(cookie));
    }

    [Fact]
    public void Replicas_that_each_made_a_key_before_seeing_the_others_still_read_each_other()
    {
        var first = Replica();
        var second = Replica();

        var fromFirst = first.Protect("from the first");
        var fromSecond = second.Protect("from the second");

        Assert.Equal("from the first", second.Unprotect(fromFirst));
        Assert.Equal("from the second", first.Unprotect(fromSecond));
    }

    [Fact]
    public async Task A_replica_on_another_database_cannot_read_it()
    {
        var cookie = Replica().Protect("signed in as alice");
        var elsewhere = new PostgreSqlDatabases(server);
        await elsewhere.InitializeAsync();

        try
        {
            Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => Replica(elsewhere).Unprotect(cookie));
        }
        finally
        {
            await elsewhere.DisposeAsync();
        }
    }

    /// <summary>A replica's data protection as the portal configures it, with its own connection to the shared database.</summary>
    private IDataProtector Replica(PostgreSqlDatabases? on = null)
    {
        var repository = new PostgreSqlXmlRepository((on ?? _databases).Open());
        var services = new ServiceCollection();
        services.AddDataProtection().SetApplicationName("RagMemory");
        services.Configure<KeyManagementOptions>(o => o.XmlRepository = repository);
        var provider = services.BuildServiceProvider();
        _replicas.Add(provider);
        return provider.GetDataProtector(Purpose);
    }
}
