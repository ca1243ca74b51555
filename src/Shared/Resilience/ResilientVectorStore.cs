using RagMemory.Vectors;

namespace RagMemory.Resilience;

/// <summary>The vector store behind its backend pipeline; upserts and deletes by id are idempotent, so all calls may retry.</summary>
public sealed class ResilientVectorStore(IVectorStore inner, BackendPipelines pipelines) : IVectorStore
{
    private readonly BackendPipeline _pipeline = pipelines[Backends.VectorStore];

    public int Dimensions => inner.Dimensions;

    public Task UpsertAsync(IReadOnlyList<VectorRecord> records, CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(true, ct => inner.UpsertAsync(records, ct), cancellationToken);

    public Task<IReadOnlyList<VectorHit>> SearchAsync(float[] query, int limit, PayloadFilter? filter = null, CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(true, ct => inner.SearchAsync(query, limit, filter, ct), cancellationToken);

    public Task DeleteAsync(IReadOnlyList<RecordId> ids, CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(true, ct => inner.DeleteAsync(ids, ct), cancellationToken);

    public Task<CollectionInfo> GetInfoAsync(CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(true, ct => inner.GetInfoAsync(ct), cancellationToken);
}
