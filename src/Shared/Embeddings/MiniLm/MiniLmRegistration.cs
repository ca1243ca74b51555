using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RagMemory.Engines;

namespace RagMemory.Embeddings.MiniLm;

public static class MiniLmRegistration
{
    /// <summary>all-MiniLM-L6-v2 in process through ONNX Runtime, 384 dimensions (<c>Engines:Embeddings=MiniLm</c>).</summary>
    public static IHostApplicationBuilder AddMiniLmEmbeddings(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<MiniLmEmbeddingGenerator>();
        builder.Services.AddKeyedSingleton<IEmbeddingGenerator<string, Embedding<float>>>(EngineRegistration.Adapter, (sp, _) => sp.GetRequiredService<MiniLmEmbeddingGenerator>());
        return builder;
    }
}
