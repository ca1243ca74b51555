using RagMemory.Engines;
using RagMemory.Namespaces;
using RagMemory.Vectors;

namespace RagMemory.Resilience;

/// <summary>
/// The chunk store behind the vector store's pipeline (one engine keeps both); upserts by chunk and deletes by event are
/// idempotent, so all calls may retry.
/// </summary>
public sealed class ResilientChunkStore(IChunkStore inner, BackendPipelines pipelines) : IChunkStore
{
    private readonly BackendPipeline _pipeline = pipelines[Backends.VectorStore];

    public int Dimensions => inner.Dimensions;

    public Task UpsertAsync(MemoryNamespace ns, IReadOnlyList<ChunkVector> chunks, CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(true, ct => inner.UpsertAsync(ns, chunks, ct), cancellationToken);

    public Task<IReadOnlyList<ChunkHit>> SearchAsync(MemoryNamespace ns, float[] query, int limit, ChunkFilter? filter = null, CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(true, ct => inner.SearchAsync(ns, query, limit, filter, ct), cancellationToken);

    public Task<IReadOnlyDictionary<string, float[]>> GetVectorsAsync(MemoryNamespace ns, IReadOnlyCollection<string> chunkIds, CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(true, ct => inner.GetVectorsAsync(ns, chunkIds, ct), cancellationToken);

    public Task DeleteEventAsync(MemoryNamespace ns, RecordId eventId, CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(true, ct => inner.DeleteEventAsync(ns, eventId, ct), cancellationToken);

    public Task<CollectionInfo> GetInfoAsync(CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(true, ct => inner.GetInfoAsync(ct), cancellationToken);

    public Task<long> CountAsync(MemoryNamespace ns, CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(true, ct => inner.CountAsync(ns, ct), cancellationToken);

    public Task<EngineDescription> DescribeAsync(CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(true, inner.DescribeAsync, cancellationToken);
}
