using RagMemory.Namespaces;
using RagMemory.Engines;

namespace RagMemory.Vectors;

/// <summary>
/// The port for the vectors clients upsert through <c>/memory</c>: the embedded adapter is HNSW beside SQLite; Qdrant
/// implements it at scale. Ingested chunks live apart, behind <see cref="IChunkStore"/>.
/// </summary>
public interface IVectorStore : IDescribesEngine
{
    int Dimensions { get; }

    /// <summary>Inserts or replaces records by id; throws <see cref="Errors.InvalidInputException"/> naming <c>records[i].vector</c> on a bad vector (<see cref="VectorChecks"/>).</summary>
    Task UpsertAsync(MemoryNamespace ns, IReadOnlyList<VectorRecord> records, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="limit"/> (1 to <see cref="VectorChecks.MaxSearchLimit"/>) nearest records; a bad <c>query</c> or <c>limit</c> throws naming it.</summary>
    Task<IReadOnlyList<VectorHit>> SearchAsync(MemoryNamespace ns, float[] query, int limit, PayloadFilter? filter = null, CancellationToken cancellationToken = default);

    Task DeleteAsync(MemoryNamespace ns, IReadOnlyList<RecordId> ids, CancellationToken cancellationToken = default);

    Task<CollectionInfo> GetInfoAsync(CancellationToken cancellationToken = default);

    /// <summary>How many records the namespace holds (exactly).</summary>
    Task<long> CountAsync(MemoryNamespace ns, CancellationToken cancellationToken = default);
}
