using RagMemory.Engines;
using RagMemory.Namespaces;
using RagMemory.Vectors;

namespace RagMemory.Resilience;

/// <summary>The vector store behind its backend pipeline; upserts and deletes by id are idempotent, so all calls may retry.</summary>
public sealed class ResilientVectorStore(IVectorStore inner, BackendPipelines pipelines) : IVectorStore
{
    private readonly BackendPipeline _pipeline = pipelines[Backends.VectorStore];

    public int Dimensions => inner.Dimensions;

    public Task UpsertAsync(MemoryNamespace ns, IReadOnlyList<VectorRecord> records, CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(true, ct => inner.UpsertAsync(ns, records, ct), cancellationToken);

    public Task<IReadOnlyList<VectorHit>> SearchAsync(MemoryNamespace ns, float[] query, int limit, PayloadFilter? filter = null, CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(true, ct => inner.SearchAsync(ns, query, limit, filter, ct), cancellationToken);

    public Task DeleteAsync(MemoryNamespace ns, IReadOnlyList<RecordId> ids, CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(true, ct => inner.DeleteAsync(ns, ids, ct), cancellationToken);

    public Task<CollectionInfo> GetInfoAsync(CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(true, ct => inner.GetInfoAsync(ct), cancellationToken);

    public Task<long> CountAsync(MemoryNamespace ns, CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(true, ct => inner.CountAsync(ns, ct), cancellationToken);

    public Task<EngineDescription> DescribeAsync(CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(true, inner.DescribeAsync, cancellationToken);
}
