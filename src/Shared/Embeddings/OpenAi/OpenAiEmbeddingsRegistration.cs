using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RagMemory.Engines;

namespace RagMemory.Embeddings.OpenAi;

public static class OpenAiEmbeddingsRegistration
{
    /// <summary>Embeddings from any OpenAI-compatible endpoint (<c>Engines:Embeddings=OpenAi</c>, section <c>OpenAi:Embeddings</c>).</summary>
    public static IHostApplicationBuilder AddOpenAiEmbeddings(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<OpenAiEmbeddingsOptions>().BindConfiguration(OpenAiEmbeddingsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<OpenAiEmbeddingGenerator>();
        builder.Services.AddKeyedSingleton<IEmbeddingGenerator<string, Embedding<float>>>(EngineRegistration.Adapter, (sp, _) => sp.GetRequiredService<OpenAiEmbeddingGenerator>());
        return builder;
    }
}
