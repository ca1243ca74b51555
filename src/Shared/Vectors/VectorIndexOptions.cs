namespace RagMemory.Vectors;

/// <summary>Settings of the embedded vector index (bound from <c>Vectors</c>).</summary>
public sealed class VectorIndexOptions
{
    public const string SectionName = "Vectors";

    /// <summary>Length of every vector; the embedder's dimension by default.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 4096)]
    public int Dimensions { get; set; } = Embeddings.MiniLmEmbeddingGenerator.Dimensions;
}
