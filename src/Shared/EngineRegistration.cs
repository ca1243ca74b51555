using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RagMemory.Answers;
using RagMemory.Embeddings;
using RagMemory.Graph;
using RagMemory.Ingestion;
using RagMemory.Keywords;
using RagMemory.Search;
using RagMemory.Storage;
using RagMemory.Vectors;

namespace RagMemory;

public static class EngineRegistration
{
    /// <summary>
    /// The embedded engines (SQLite, HNSW, FTS5, in-process MiniLM) behind their ports, the ingestion worker, hybrid
    /// search and answers. Scale-out adapters replace the port registrations by configuration.
    /// </summary>
    public static IHostApplicationBuilder AddRagMemoryEngines(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<EmbeddingOptions>().BindConfiguration(EmbeddingOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<VectorIndexOptions>().BindConfiguration(VectorIndexOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<IngestionOptions>().BindConfiguration(IngestionOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<KeywordIndexOptions>().BindConfiguration(KeywordIndexOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<HybridSearchOptions>().BindConfiguration(HybridSearchOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(TimeProvider.System);

        services.AddSingleton<SqliteDatabase>();
        services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>, MiniLmEmbeddingGenerator>();
        services.AddSingleton<TextChunker>();
        services.AddSingleton<HnswSqliteVectorStore>();
        services.AddSingleton<IVectorStore>(sp => sp.GetRequiredService<HnswSqliteVectorStore>());
        services.AddSingleton<IKeywordIndex, Fts5KeywordIndex>();
        services.AddSingleton<IGraphStore, SqliteGraphStore>();
        services.AddSingleton<IIngestionQueue, SqliteIngestionQueue>();
        services.AddSingleton<IChatClient, ExtractiveChatClient>();

        services.AddSingleton<IngestionPipeline>();
        services.AddSingleton<IngestionService>();
        services.AddHostedService<IngestionWorker>();
        services.AddSingleton<HybridSearchService>();
        services.AddSingleton<AnswerService>();
        return builder;
    }
}
