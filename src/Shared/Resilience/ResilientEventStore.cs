using RagMemory.Engines;
using RagMemory.Ingestion;
using RagMemory.Namespaces;

namespace RagMemory.Resilience;

/// <summary>
/// The event store behind the ingestion backend's pipeline (the bus has its own, <c>event_bus</c>). Accepting is
/// idempotent by id and text and every status write sets a state, so they may retry; starting attempts counts one
/// and is not retried.
/// </summary>
public sealed class ResilientEventStore(IEventStore inner, BackendPipelines pipelines) : IEventStore
{
    private readonly BackendPipeline _pipeline = pipelines[Backends.IngestionQueue];

    public Task<EnqueueResult> AcceptAsync(MemoryNamespace ns, IngestEvent ingestEvent, CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(true, ct => inner.AcceptAsync(ns, ingestEvent, ct), cancellationToken);

    public Task MarkPublishedAsync(MemoryNamespace ns, RecordId id, CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(true, ct => inner.MarkPublishedAsync(ns, id, ct), cancellationToken);

    public Task<IReadOnlyList<EventEnvelope>> ListUnpublishedAsync(DateTimeOffset unchangedSince, int limit, CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(true, ct => inner.ListUnpublishedAsync(unchangedSince, limit, ct), cancellationToken);

    public Task<IngestStatus?> GetStatusAsync(MemoryNamespace ns, RecordId id, CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(true, ct => inner.GetStatusAsync(ns, id, ct), cancellationToken);

    public Task<SourceEvent?> GetEventAsync(MemoryNamespace ns, RecordId id, CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(true, ct => inner.GetEventAsync(ns, id, ct), cancellationToken);

    public Task<IReadOnlyList<SourceEvent>> GetEventsAsync(MemoryNamespace ns, IReadOnlyCollection<RecordId> ids, CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(true, ct => inner.GetEventsAsync(ns, ids, ct), cancellationToken);

    public Task<IReadOnlyList<IngestStatus>> StartAttemptsAsync(MemoryNamespace ns, IReadOnlyList<RecordId> ids, CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(false, ct => inner.StartAttemptsAsync(ns, ids, ct), cancellationToken);

    public Task MarkDoneAsync(MemoryNamespace ns, IReadOnlyList<RecordId> ids, CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(true, ct => inner.MarkDoneAsync(ns, ids, ct), cancellationToken);

    public Task MarkFailedAsync(MemoryNamespace ns, RecordId id, string error, CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(true, ct => inner.MarkFailedAsync(ns, id, error, ct), cancellationToken);

    public Task MarkDeadLetteredAsync(MemoryNamespace ns, RecordId id, string error, CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(true, ct => inner.MarkDeadLetteredAsync(ns, id, error, ct), cancellationToken);

    public Task<int> RequeueInterruptedAsync(CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(true, ct => inner.RequeueInterruptedAsync(ct), cancellationToken);

    public Task<QueueCounts> GetCountsAsync(MemoryNamespace ns, CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(true, ct => inner.GetCountsAsync(ns, ct), cancellationToken);

    public Task<IReadOnlyList<MemoryNamespace>> ListNamespacesAsync(CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(true, inner.ListNamespacesAsync, cancellationToken);

    public Task<long> CountUnfinishedAsync(CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(true, ct => inner.CountUnfinishedAsync(ct), cancellationToken);

    public Task<IReadOnlyList<IngestStatus>> ListAsync(MemoryNamespace ns, string? state, int limit, CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(true, ct => inner.ListAsync(ns, state, limit, ct), cancellationToken);

    public Task<EventPage> ListEventsAsync(MemoryNamespace ns, EventQuery query, CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(true, ct => inner.ListEventsAsync(ns, query, ct), cancellationToken);

    public Task<EventEnvelope?> ReplayAsync(MemoryNamespace ns, RecordId id, CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(true, ct => inner.ReplayAsync(ns, id, ct), cancellationToken);

    /// <summary>Retried: a retry after a delete that went through finds no event (null), as a second delete would.</summary>
    public Task<IReadOnlyList<RecordId>?> DeleteAsync(MemoryNamespace ns, RecordId id, string deletedBy, CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(true, ct => inner.DeleteAsync(ns, id, deletedBy, ct), cancellationToken);

    /// <summary>Retried: the same text again is accepted without a new version.</summary>
    public Task<ReplaceResult> ReplaceAsync(MemoryNamespace ns, IngestEvent replacement, CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(true, ct => inner.ReplaceAsync(ns, replacement, ct), cancellationToken);

    public Task<IReadOnlyDictionary<RecordId, int>> GetVersionsAsync(MemoryNamespace ns, IReadOnlyCollection<RecordId> ids, CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(true, ct => inner.GetVersionsAsync(ns, ids, ct), cancellationToken);

    public Task<IReadOnlyList<IndexCleanup>> ListCleanupsAsync(int limit, CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(true, ct => inner.ListCleanupsAsync(limit, ct), cancellationToken);

    public Task CompleteCleanupAsync(MemoryNamespace ns, RecordId key, CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(true, ct => inner.CompleteCleanupAsync(ns, key, ct), cancellationToken);

    public Task MarkCleanupFailedAsync(MemoryNamespace ns, RecordId key, string error, CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(false, ct => inner.MarkCleanupFailedAsync(ns, key, error, ct), cancellationToken);

    public Task<IReadOnlyList<EventDeletionRecord>> ListDeletionsAsync(int limit, CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(true, ct => inner.ListDeletionsAsync(limit, ct), cancellationToken);

    public Task<EngineDescription> DescribeAsync(CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(true, inner.DescribeAsync, cancellationToken);
}
