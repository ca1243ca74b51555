namespace RagMemory.Vectors.Embedded;

/// <summary>
/// Which SQLite table, write-version counter and HNSW file an embedded vector store keeps: the vectors clients upsert,
/// or the chunks ingestion writes. Apart, so that no client vector can pass for a chunk in hybrid search.
/// </summary>
public sealed record VectorCollection(string Table, string VersionName, string IndexFileName, string Holds)
{
    public static VectorCollection Client { get; } = new("vectors", "vectors_version", "vectors.usearch", "client vectors");

    public static VectorCollection Chunks { get; } = new("chunk_vectors", "chunk_vectors_version", "chunks.usearch", "chunks");
}
