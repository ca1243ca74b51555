using RagMemory.Keywords;

namespace RagMemory.Resilience;

/// <summary>The keyword index behind its backend pipeline; replacing an event's chunks is idempotent.</summary>
public sealed class ResilientKeywordIndex(IKeywordIndex inner, BackendPipelines pipelines) : IKeywordIndex
{
    private readonly BackendPipeline _pipeline = pipelines[Backends.KeywordIndex];

    public Task ReplaceEventAsync(RecordId eventId, IReadOnlyList<KeywordDocument> documents, CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(true, ct => inner.ReplaceEventAsync(eventId, documents, ct), cancellationToken);

    public Task<IReadOnlyList<KeywordHit>> SearchAsync(string query, int limit, CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(true, ct => inner.SearchAsync(query, limit, ct), cancellationToken);

    public Task<IReadOnlyList<KeywordDocument>> GetChunksAsync(IReadOnlyList<RecordId> eventIds, CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(true, ct => inner.GetChunksAsync(eventIds, ct), cancellationToken);
}
