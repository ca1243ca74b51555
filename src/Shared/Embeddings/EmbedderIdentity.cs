using Microsoft.Extensions.AI;

namespace RagMemory.Embeddings;

/// <summary>
/// Which embedder made a set of vectors: vectors of two embedders cannot be compared, even at the same length. Read from
/// the embedder's Microsoft.Extensions.AI metadata, so every engine describes itself the same way.
/// </summary>
public sealed record EmbedderIdentity(string Provider, string Model, int? Dimensions)
{
    public static EmbedderIdentity Of(IEmbeddingGenerator<string, Embedding<float>> embedder)
    {
        ArgumentNullException.ThrowIfNull(embedder);
        var metadata = embedder.GetService<EmbeddingGeneratorMetadata>();
        return new EmbedderIdentity(metadata?.ProviderName ?? "unknown", metadata?.DefaultModelId ?? "unknown", metadata?.DefaultModelDimensions);
    }

    public override string ToString() => $"{Model} from {Provider} ({Dimensions?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} dimensions)";
}
