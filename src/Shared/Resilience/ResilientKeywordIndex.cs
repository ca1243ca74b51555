using RagMemory.Engines;
using RagMemory.Keywords;
using RagMemory.Namespaces;
using RagMemory.Vectors;

namespace RagMemory.Resilience;

/// <summary>The keyword index behind its backend pipeline; replacing or deleting an event's chunks is idempotent.</summary>
public sealed class ResilientKeywordIndex(IKeywordIndex inner, BackendPipelines pipelines) : IKeywordIndex
{
    private readonly BackendPipeline _pipeline = pipelines[Backends.KeywordIndex];

    public Task ReplaceEventAsync(MemoryNamespace ns, RecordId eventId, IReadOnlyList<KeywordDocument> documents, CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(true, ct => inner.ReplaceEventAsync(ns, eventId, documents, ct), cancellationToken);

    public Task<IReadOnlyList<KeywordHit>> SearchAsync(MemoryNamespace ns, string query, int limit, ChunkFilter? filter = null, CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(true, ct => inner.SearchAsync(ns, query, limit, filter, ct), cancellationToken);

    public Task<IReadOnlyList<KeywordDocument>> GetChunksAsync(MemoryNamespace ns, IReadOnlyList<RecordId> eventIds, CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(true, ct => inner.GetChunksAsync(ns, eventIds, ct), cancellationToken);

    public Task DeleteEventAsync(MemoryNamespace ns, RecordId eventId, CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(true, ct => inner.DeleteEventAsync(ns, eventId, ct), cancellationToken);

    public Task<EngineDescription> DescribeAsync(CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(true, inner.DescribeAsync, cancellationToken);
}
