using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RagMemory.Engines;
using RagMemory.Identity;
using RagMemory.Ingestion;
using RagMemory.Ingestion.Embedded;
using RagMemory.RateLimiting;
using RagMemory.Storage;

namespace RagMemory.State.Embedded;

public static class EmbeddedStateRegistration
{
    /// <summary>
    /// Accounts, API clients, limit overrides and their audit, the data-protection keys and the ingestion event store,
    /// in the data folder's SQLite file (<c>Engines:State=Embedded</c>). The event store lives with the state, not with
    /// the bus, so that statuses and dead letters stay where they are when the bus moves to Kafka.
    /// </summary>
    public static IHostApplicationBuilder AddEmbeddedState(this IHostApplicationBuilder builder)
    {
        builder.Services.AddEmbeddedDatabase();
        builder.Services.AddKeyedSingleton<IEventStore, SqliteEventStore>(EngineRegistration.Adapter);
        builder.Services.AddSingleton<IAccountRepository, SqliteAccountRepository>();
        builder.Services.AddSingleton<IApiClientRepository, SqliteApiClientRepository>();
        builder.Services.AddSingleton<IRateLimitSettingsStore, SqliteRateLimitSettingsStore>();
        builder.Services.AddSingleton<SqliteXmlRepository>();
        builder.Services.AddOptions<KeyManagementOptions>()
            .Configure<SqliteXmlRepository>((options, repository) => options.XmlRepository = repository);
        return builder;
    }
}
