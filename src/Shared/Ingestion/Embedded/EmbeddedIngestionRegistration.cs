using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RagMemory.Engines;
using RagMemory.Storage;

namespace RagMemory.Ingestion.Embedded;

public static class EmbeddedIngestionRegistration
{
    /// <summary>A durable SQLite queue drained by the background worker (<c>Engines:Ingestion=Embedded</c>).</summary>
    public static IHostApplicationBuilder AddEmbeddedIngestion(this IHostApplicationBuilder builder)
    {
        builder.Services.AddEmbeddedDatabase();
        builder.Services.AddKeyedSingleton<IIngestionQueue, SqliteIngestionQueue>(EngineRegistration.Adapter);
        return builder;
    }
}
