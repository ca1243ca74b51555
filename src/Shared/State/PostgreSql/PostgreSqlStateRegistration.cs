using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RagMemory.Engines;
using RagMemory.Identity;
using RagMemory.Ingestion;
using RagMemory.RateLimiting;

namespace RagMemory.State.PostgreSql;

public static class PostgreSqlStateRegistration
{
    /// <summary>
    /// Accounts, API clients, limit overrides and their audit, rate-limit counters, the event store and the
    /// data-protection keys in the PostgreSQL database of <c>ConnectionStrings:State</c> (<c>Engines:State=PostgreSql</c>),
    /// shared by every replica that names it. The connection string, and a configured <c>Identity:SigningKey</c>, are
    /// checked at start; the schema is migrated when the database is first opened.
    /// </summary>
    public static IHostApplicationBuilder AddPostgreSqlState(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<PostgreSqlStateOptions>()
            .Configure<IConfiguration>((options, configuration) => options.ConnectionString = configuration.GetConnectionString(PostgreSqlStateOptions.ConnectionStringName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        // A key generated into each replica's data folder would make each replica refuse the others' tokens.
        services.AddOptions<IdentityOptions>()
            .Validate(o => !string.IsNullOrWhiteSpace(o.SigningKey), "Identity:SigningKey must be set when Engines:State is PostgreSql: every replica must sign and check API tokens with the same key (base64 of at least 32 random bytes).")
            .ValidateOnStart();
        services.AddSingleton<PostgreSqlDatabase>();
        services.AddKeyedSingleton<IEventStore, PostgreSqlEventStore>(EngineRegistration.Adapter);
        services.AddSingleton<IAccountRepository, PostgreSqlAccountRepository>();
        services.AddSingleton<IApiClientRepository, PostgreSqlApiClientRepository>();
        services.AddSingleton<IRateLimitSettingsStore, PostgreSqlRateLimitSettingsStore>();
        services.AddSingleton<IRateLimitCounter, PostgreSqlRateLimitCounter>();
        services.AddSingleton<PostgreSqlXmlRepository>();
        services.AddOptions<KeyManagementOptions>()
            .Configure<PostgreSqlXmlRepository>((options, repository) => options.XmlRepository = repository);
        return builder;
    }
}
