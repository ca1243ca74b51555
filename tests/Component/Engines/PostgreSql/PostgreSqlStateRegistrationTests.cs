using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RagMemory.Engines;
using RagMemory.Identity;
using RagMemory.Ingestion;
using RagMemory.RateLimiting;
using RagMemory.State.PostgreSql;

namespace RagMemory.Tests.Engines.PostgreSql;

/// <summary><c>Engines:State=PostgreSql</c>: its connection string checked at start, and every state port on PostgreSQL.</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlStateRegistrationTests(PostgreSqlServer server)
{
    [Theory]
    [InlineData(null, "ConnectionStrings:State must be set when Engines:State is PostgreSql")]
    [InlineData("Host=", "ConnectionStrings:State names no Host.")]
    [InlineData("Host=db;Port=not-a-number", "ConnectionStrings:State is not a valid PostgreSQL connection string")]
    public async Task A_missing_or_bad_connection_string_stops_the_start_naming_the_key(string? connectionString, string expected)
    {
        using var host = Host(connectionString);

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(expected, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_state_port_is_served_by_PostgreSql()
    {
        using var host = Host(await server.CreateDatabaseAsync());
        var services = host.Services;

        Assert.IsType<PostgreSqlEventStore>(services.GetRequiredKeyedService<IEventStore>(EngineRegistration.Adapter));
        Assert.IsType<PostgreSqlAccountRepository>(services.GetRequiredService<IAccountRepository>());
        Assert.IsType<PostgreSqlApiClientRepository>(services.GetRequiredService<IApiClientRepository>());
        Assert.IsType<PostgreSqlRateLimitSettingsStore>(services.GetRequiredService<IRateLimitSettingsStore>());
        Assert.IsType<PostgreSqlRateLimitCounter>(services.GetRequiredService<IRateLimitCounter>());
        Assert.IsType<PostgreSqlXmlRepository>(services.GetRequiredService<IOptions<KeyManagementOptions>>().Value.XmlRepository);
        var described = await services.GetRequiredService<PostgreSqlXmlRepository>().DescribeAsync();
        Assert.Equal("PostgreSQL", described.Engine);
        Assert.DoesNotContain("Password", described.Location!, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Without_a_configured_signing_key_the_start_stops_saying_every_replica_needs_the_same_one()
    {
        using var host = Host(await server.CreateDatabaseAsync(), signingKey: null);

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Identity:SigningKey must be set when Engines:State is PostgreSql", refused.Message, StringComparison.Ordinal);
    }

    private static IHost Host(string? connectionString, string? signingKey = "MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDE=")
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Engines:State"] = "PostgreSql",
            [$"ConnectionStrings:{PostgreSqlStateOptions.ConnectionStringName}"] = connectionString,
            ["Identity:SigningKey"] = signingKey,
        });
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddOptions<IdentityOptions>().BindConfiguration(IdentityOptions.SectionName);
        builder.AddPostgreSqlState();
        return builder.Build();
    }
}
