using System.ComponentModel.DataAnnotations;
using Cloud.Unum.USearch;

namespace RagMemory.Vectors.Embedded;

/// <summary>Settings of the embedded vector index (bound from <c>Vectors</c>).</summary>
public sealed class VectorIndexOptions
{
    public const string SectionName = "Vectors";

    /// <summary>
    /// Length of every vector; unset, the embedder's (384 for MiniLM, <c>OpenAi:Embeddings:Dimensions</c> for an
    /// OpenAI-compatible one), which text queries and ingested chunks must have.
    /// </summary>
    [Range(1, 4096)]
    public int? Dimensions { get; set; }

    /// <summary>
    /// How the HNSW index stores vectors: <c>Float32</c>, or <c>BFloat16</c> for half the memory at about the same
    /// recall (docs/performance.md). SQLite keeps float32 either way. Applies when the index is built.
    /// </summary>
    public ScalarKind Storage { get; set; } = ScalarKind.Float32;

    /// <summary>Links per node (M).</summary>
    [Range(4, 128)]
    public int Connectivity { get; set; } = 16;

    /// <summary>Candidate list while adding (ef construction).</summary>
    [Range(8, 2048)]
    public int ExpansionAdd { get; set; } = 128;

    /// <summary>Candidate list while searching (ef); higher is better recall, slower search. See docs/performance.md.</summary>
    [Range(8, 4096)]
    public int ExpansionSearch { get; set; } = 96;

    public HnswSettings Hnsw => new(Connectivity, ExpansionAdd, ExpansionSearch);
}
