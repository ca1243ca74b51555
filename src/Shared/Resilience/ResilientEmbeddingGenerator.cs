using Microsoft.Extensions.AI;

namespace RagMemory.Resilience;

/// <summary>The embedder behind its backend pipeline; embedding is a pure function, so it may retry.</summary>
public sealed class ResilientEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> inner, BackendPipelines pipelines)
    : DelegatingEmbeddingGenerator<string, Embedding<float>>(inner)
{
    private readonly BackendPipeline _pipeline = pipelines[Backends.Embedder];

    public override Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var texts = values.ToList();
        return _pipeline.ExecuteAsync(true, ct => base.GenerateAsync(texts, options, ct), cancellationToken);
    }
}
