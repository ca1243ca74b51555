using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RagMemory.Engines;
using RagMemory.Keywords;
using RagMemory.Resilience;
using RagMemory.Vectors;

namespace RagMemory.Qdrant;

public static class QdrantRegistration
{
    private const string VectorsKey = "qdrant-vectors";
    private const string ChunksKey = "qdrant-chunks";
    private const string KeywordsKey = "qdrant-keywords";

    /// <summary>
    /// Clients' vectors and ingested chunks in two Qdrant collections (<c>Engines:Vectors=Qdrant</c>), through
    /// Qdrant.Client over gRPC with the vector store backend's timeout as deadline.
    /// </summary>
    public static IHostApplicationBuilder AddQdrantVectors(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddQdrantConnection();
        services.AddCollection(VectorsKey, Backends.VectorStore, o => QdrantCollectionSpec.Dense(o.VectorsCollection, o, QdrantVectorPayload.NamespaceField));
        services.AddCollection(ChunksKey, Backends.VectorStore, o => QdrantCollectionSpec.Dense(o.ChunksCollection, o, QdrantChunkPayload.NamespaceField, QdrantChunkPayload.EventIdField));
        services.AddSingleton(sp => new QdrantVectorStore(sp.GetRequiredKeyedService<QdrantCollection>(VectorsKey)));
        services.AddSingleton(sp => new QdrantChunkStore(sp.GetRequiredKeyedService<QdrantCollection>(ChunksKey), sp.GetRequiredService<SkippedRecords>()));
        services.AddKeyedSingleton<IVectorStore>(EngineRegistration.Adapter, (sp, _) => sp.GetRequiredService<QdrantVectorStore>());
        services.AddKeyedSingleton<IChunkStore>(EngineRegistration.Adapter, (sp, _) => sp.GetRequiredService<QdrantChunkStore>());
        return builder;
    }

    /// <summary>
    /// Keyword search as BM25 sparse vectors in a Qdrant collection with the IDF modifier (<c>Engines:Keywords=Qdrant</c>),
    /// with the keyword index backend's timeout as deadline.
    /// </summary>
    public static IHostApplicationBuilder AddQdrantKeywords(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddQdrantConnection();
        services.AddCollection(KeywordsKey, Backends.KeywordIndex, o => QdrantCollectionSpec.Bm25(o.KeywordsCollection, o, QdrantChunkPayload.NamespaceField, QdrantChunkPayload.EventIdField));
        services.AddSingleton(sp => new QdrantKeywordIndex(
            sp.GetRequiredKeyedService<QdrantCollection>(KeywordsKey),
            new QdrantBm25(sp.GetRequiredService<IOptions<QdrantOptions>>().Value),
            sp.GetRequiredService<IOptions<KeywordIndexOptions>>()));
        services.AddKeyedSingleton<IKeywordIndex>(EngineRegistration.Adapter, (sp, _) => sp.GetRequiredService<QdrantKeywordIndex>());
        return builder;
    }

    private static void AddQdrantConnection(this IServiceCollection services)
    {
        // Vectors and keywords may both be on Qdrant: one section, validated once, one channel.
        if (services.Any(d => d.ServiceType == typeof(QdrantConnection)))
        {
            return;
        }

        services.AddOptions<QdrantOptions>().BindConfiguration(QdrantOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new QdrantConnection(
            sp.GetRequiredService<IOptions<QdrantOptions>>(),
            sp.GetRequiredService<IOptions<ResilienceOptions>>(),
            sp.GetRequiredService<ILoggerFactory>()));
        services.AddHostedService<QdrantCollectionsStartup>();
    }

    private static void AddCollection(this IServiceCollection services, string key, string backend, Func<QdrantOptions, QdrantCollectionSpec> spec)
    {
        services.AddKeyedSingleton(key, (sp, _) =>
        {
            var connection = sp.GetRequiredService<QdrantConnection>();
            return new QdrantCollection(connection.ClientFor(backend), spec(connection.Options), connection.Location);
        });
        services.AddSingleton(sp => sp.GetRequiredKeyedService<QdrantCollection>(key));
    }
}
