using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RagMemory.Engines;
using RagMemory.Storage;

namespace RagMemory.Ingestion.Embedded;

public static class EmbeddedIngestionRegistration
{
    /// <summary>
    /// The event bus as a table of the one SQLite file (<c>Engines:Ingestion=Embedded</c>), drained by the background
    /// worker. The event store is state, so the <c>Engines:State</c> engine registers it.
    /// </summary>
    public static IHostApplicationBuilder AddEmbeddedIngestion(this IHostApplicationBuilder builder)
    {
        builder.Services.AddEmbeddedDatabase();
        builder.Services.AddKeyedSingleton<IEventBus, SqliteEventBus>(EngineRegistration.Adapter);
        return builder;
    }
}
