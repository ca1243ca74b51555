using RagMemory.Namespaces;
using RagMemory.Engines;

namespace RagMemory.Vectors;

/// <summary>
/// The port for the vectors of ingested chunks, apart from the clients' vectors: only ingestion writes here, so hybrid
/// search reads typed chunks and nothing a client upserts can pass for one. Embedded: HNSW beside SQLite; Qdrant at scale.
/// </summary>
public interface IChunkStore : IDescribesEngine
{
    int Dimensions { get; }

    /// <summary>Inserts or replaces chunks by event and position; throws naming <c>chunks[i].vector</c> on a bad vector.</summary>
    Task UpsertAsync(MemoryNamespace ns, IReadOnlyList<ChunkVector> chunks, CancellationToken cancellationToken = default);

    /// <summary>
    /// Up to <paramref name="limit"/> (1 to <see cref="VectorChecks.MaxSearchLimit"/>) nearest chunks among those the
    /// filter lets through, judged inside the engine on the metadata and acceptance time stored with each chunk: a
    /// narrow filter still returns <paramref name="limit"/> chunks when that many match.
    /// </summary>
    Task<IReadOnlyList<ChunkHit>> SearchAsync(MemoryNamespace ns, float[] query, int limit, ChunkFilter? filter = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// The stored vectors of the chunks named by <paramref name="chunkIds"/> (<see cref="ChunkHit.ChunkId"/>), keyed by
    /// chunk id; a chunk the namespace does not hold is left out. Search reads them for feedback on the query vector and
    /// for comparing the documents it found with each other.
    /// </summary>
    Task<IReadOnlyDictionary<string, float[]>> GetVectorsAsync(MemoryNamespace ns, IReadOnlyCollection<string> chunkIds, CancellationToken cancellationToken = default);

    /// <summary>Removes every chunk of the event; nothing happens for an event with none.</summary>
    Task DeleteEventAsync(MemoryNamespace ns, RecordId eventId, CancellationToken cancellationToken = default);

    Task<CollectionInfo> GetInfoAsync(CancellationToken cancellationToken = default);

    /// <summary>How many chunks the namespace holds (exactly).</summary>
    Task<long> CountAsync(MemoryNamespace ns, CancellationToken cancellationToken = default);
}
