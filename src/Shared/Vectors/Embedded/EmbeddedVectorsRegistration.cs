using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RagMemory.Embeddings;
using RagMemory.Engines;
using RagMemory.Storage;

namespace RagMemory.Vectors.Embedded;

public static class EmbeddedVectorsRegistration
{
    /// <summary>
    /// Vectors in SQLite (the source of truth) with a USearch HNSW index beside it (<c>Engines:Vectors=Embedded</c>): the
    /// clients' vectors and the ingested chunks, each in a table and index of its own.
    /// </summary>
    public static IHostApplicationBuilder AddEmbeddedVectors(this IHostApplicationBuilder builder)
    {
        // Unset, the dimension is the embedder's: text queries and chunks are its vectors.
        builder.Services.AddOptions<VectorIndexOptions>().BindConfiguration(VectorIndexOptions.SectionName)
            .PostConfigure<IEmbeddingGenerator<string, Embedding<float>>>((options, embedder) => options.Dimensions ??= EmbedderIdentity.Of(embedder).Dimensions)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddEmbeddedDatabase();
        builder.Services.AddSingleton<EmbedderCheck>();
        builder.Services.AddSingleton(sp => Checked(sp, () => ActivatorUtilities.CreateInstance<HnswSqliteVectorStore>(sp)));
        builder.Services.AddSingleton(sp => Checked(sp, () => new HnswSqliteChunkStore(
            ActivatorUtilities.CreateInstance<HnswSqliteVectorStore>(sp, VectorCollection.Chunks),
            sp.GetRequiredService<SkippedRecords>())));
        builder.Services.AddKeyedSingleton<IVectorStore>(EngineRegistration.Adapter, (sp, _) => sp.GetRequiredService<HnswSqliteVectorStore>());
        builder.Services.AddKeyedSingleton<IChunkStore>(EngineRegistration.Adapter, (sp, _) => sp.GetRequiredService<HnswSqliteChunkStore>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<EmbedderCheck>());
        return builder;
    }

    /// <summary>Opens a store once the data folder's vectors are known to be the configured embedder's.</summary>
    private static T Checked<T>(IServiceProvider services, Func<T> open)
    {
        services.GetRequiredService<EmbedderCheck>().Check();
        return open();
    }
}
