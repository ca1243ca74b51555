using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RagMemory.Engines;
using RagMemory.Storage;

namespace RagMemory.Ingestion.Embedded;

public static class EmbeddedIngestionRegistration
{
    /// <summary>
    /// The event store and the event bus as tables of the one SQLite file (<c>Engines:Ingestion=Embedded</c>), drained
    /// by the background worker.
    /// </summary>
    public static IHostApplicationBuilder AddEmbeddedIngestion(this IHostApplicationBuilder builder)
    {
        builder.Services.AddEmbeddedDatabase();
        builder.Services.AddKeyedSingleton<IEventStore, SqliteEventStore>(EngineRegistration.Adapter);
        builder.Services.AddKeyedSingleton<IEventBus, SqliteEventBus>(EngineRegistration.Adapter);
        return builder;
    }
}
