using System.ComponentModel.DataAnnotations;

namespace RagMemory.Embeddings;

/// <summary>Settings of the in-process embedder and of chunking (bound from <c>Embeddings</c>).</summary>
public sealed class EmbeddingOptions
{
    public const string SectionName = "Embeddings";

    /// <summary>Texts per ONNX run; 8-32 measured best on this machine.</summary>
    [Range(1, 256)]
    public int BatchSize { get; set; } = 16;

    /// <summary>
    /// Word pieces per chunk. all-MiniLM-L6-v2 was trained on 256 and truncates at 512; 256 beat 200 on Cranfield,
    /// for keywords and vectors alike (docs/performance.md).
    /// </summary>
    [Range(16, 500)]
    public int ChunkTokens { get; set; } = 256;

    /// <summary>Word pieces repeated from the end of one chunk at the start of the next.</summary>
    [Range(0, 200)]
    public int ChunkOverlapTokens { get; set; } = 32;
}
