using RagMemory.Namespaces;
using RagMemory.Engines;

namespace RagMemory.Ingestion;

/// <summary>
/// What is known about every ingestion event: its source text and metadata, its status and attempts, counts and
/// listings for operators. It does not move events; <see cref="IEventBus"/> does.
/// </summary>
/// <remarks>
/// A submission is accepted here first, then published on the bus, then its publication is recorded. A crash (or a
/// bus failure) between the two leaves an accepted event that no consumer will ever see, so the worker asks
/// <see cref="ListUnpublishedAsync"/> at start (for all of them) and then every
/// <see cref="IngestionOptions.ReconcileInterval"/> (for those left unpublished that long) and publishes what it
/// returns, and a client that retries a submission publishes it again (<see cref="EnqueueResult.Published"/>).
/// Publishing twice is harmless: the worker skips a delivery whose event is already done.
/// </remarks>
public interface IEventStore : IDescribesEngine
{
    /// <summary>
    /// Stores the event durably, queued and not yet published. The same id with the same text (by SHA-256) is accepted
    /// again without a copy; the same id with another text throws <see cref="Errors.ConflictException"/>.
    /// </summary>
    Task<EnqueueResult> AcceptAsync(MemoryNamespace ns, IngestEvent ingestEvent, CancellationToken cancellationToken = default);

    /// <summary>Records that the bus has the event, so reconciliation leaves it alone.</summary>
    Task MarkPublishedAsync(MemoryNamespace ns, RecordId id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Events accepted (or replayed) at or before <paramref name="unchangedSince"/> whose publication is not recorded,
    /// oldest first, in every namespace: the worker serves them all.
    /// </summary>
    Task<IReadOnlyList<EventEnvelope>> ListUnpublishedAsync(DateTimeOffset unchangedSince, int limit, CancellationToken cancellationToken = default);

    /// <summary>The event's status with its pending replacement, if any; null when unknown.</summary>
    Task<IngestStatus?> GetStatusAsync(MemoryNamespace ns, RecordId id, CancellationToken cancellationToken = default);

    /// <summary>The event as it was submitted (text, metadata, correlation id) and its status, in one read; null when unknown.</summary>
    Task<SourceEvent?> GetEventAsync(MemoryNamespace ns, RecordId id, CancellationToken cancellationToken = default);

    /// <summary>The known ones among <paramref name="ids"/>, in one call; unknown ids are left out.</summary>
    Task<IReadOnlyList<SourceEvent>> GetEventsAsync(MemoryNamespace ns, IReadOnlyCollection<RecordId> ids, CancellationToken cancellationToken = default);

    /// <summary>
    /// Marks the events processing and counts an attempt, in one write per event. Returns the statuses of those that
    /// were waiting; events that are done, dead-lettered or unknown (deleted, say) are left out and not to be processed.
    /// </summary>
    Task<IReadOnlyList<IngestStatus>> StartAttemptsAsync(MemoryNamespace ns, IReadOnlyList<RecordId> ids, CancellationToken cancellationToken = default);

    /// <summary>
    /// Marks the events done. For the key of a replacement (<see cref="IndexKeys"/>) this is the swap, in one
    /// transaction: the replacement's text and metadata become the event's, its version the visible one, its row goes,
    /// and the previous version's index key is recorded for <see cref="ListCleanupsAsync"/>.
    /// </summary>
    Task MarkDoneAsync(MemoryNamespace ns, IReadOnlyList<RecordId> ids, CancellationToken cancellationToken = default);

    /// <summary>
    /// Accepts a new text for an existing event as its next version, queued under the version's index key and not yet
    /// published; searches keep showing the current version until <see cref="MarkDoneAsync"/> swaps them. The text of
    /// the current version, or of the pending replacement, is accepted again without a new version (<see
    /// cref="ReplaceResult.Unchanged"/>). Throws <see cref="Errors.NotFoundException"/> for an unknown event and
    /// <see cref="Errors.ConflictException"/> while the current version is not yet done (or dead-lettered) or another
    /// replacement is queued, processing or failed (retrying). A dead-lettered replacement is superseded and its index
    /// key recorded for cleanup.
    /// </summary>
    Task<ReplaceResult> ReplaceAsync(MemoryNamespace ns, IngestEvent replacement, CancellationToken cancellationToken = default);

    /// <summary>
    /// The visible version of each known event among <paramref name="ids"/>, in one read. An id that is no event but is
    /// recorded for cleanup (<see cref="ListCleanupsAsync"/>: a deleted event whose index rows are not all removed yet)
    /// answers 0, so that none of its leftovers shows while the sweep retries; other unknown ids are left out.
    /// </summary>
    Task<IReadOnlyDictionary<RecordId, int>> GetVersionsAsync(MemoryNamespace ns, IReadOnlyCollection<RecordId> ids, CancellationToken cancellationToken = default);

    /// <summary>Records a failed attempt whose retry is scheduled on the bus.</summary>
    Task MarkFailedAsync(MemoryNamespace ns, RecordId id, string error, CancellationToken cancellationToken = default);

    /// <summary>Records the last failed attempt: the event waits for a person to replay it.</summary>
    Task MarkDeadLetteredAsync(MemoryNamespace ns, RecordId id, string error, CancellationToken cancellationToken = default);

    /// <summary>Returns events left processing by a stopped process to queued, in every namespace; called once at start.</summary>
    Task<int> RequeueInterruptedAsync(CancellationToken cancellationToken = default);

    Task<QueueCounts> GetCountsAsync(MemoryNamespace ns, CancellationToken cancellationToken = default);

    /// <summary>Every namespace that holds at least one event, by name: where counts per namespace start from.</summary>
    Task<IReadOnlyList<MemoryNamespace>> ListNamespacesAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The queue's depth: events not finished yet (queued, processing, or failed and waiting for their retry), in every
    /// namespace, since one worker serves them all. Read before each submission, so it counts through an index on the
    /// state and costs at most the depth, never the number of events done.
    /// </summary>
    Task<long> CountUnfinishedAsync(CancellationToken cancellationToken = default);

    /// <summary>Statuses, most recently updated first, of one state or of all when <paramref name="state"/> is null (events only, not their pending replacements).</summary>
    Task<IReadOnlyList<IngestStatus>> ListAsync(MemoryNamespace ns, string? state, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// A page of events matching <paramref name="query"/>, newest accepted first (ties by id, descending), with the
    /// cursor of the next page when there may be more. The caller has checked the query (limit 1..100, window order).
    /// </summary>
    Task<EventPage> ListEventsAsync(MemoryNamespace ns, EventQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Gives a dead letter a fresh set of attempts and marks it unpublished; returns the event for the caller to publish
    /// again, or null when the event is not a dead letter.
    /// </summary>
    Task<EventEnvelope?> ReplayAsync(MemoryNamespace ns, RecordId id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Forgets the event and its pending replacement, and in the same transaction records who deleted it and the index
    /// keys whose derived data must go (returned, and listed by <see cref="ListCleanupsAsync"/> until completed); null
    /// when there was no such event. A delivery of it still on the bus is then skipped by the worker.
    /// </summary>
    Task<IReadOnlyList<RecordId>?> DeleteAsync(MemoryNamespace ns, RecordId id, string deletedBy, CancellationToken cancellationToken = default);

    /// <summary>Index keys whose derived data is still to be removed, oldest first, in every namespace.</summary>
    Task<IReadOnlyList<IndexCleanup>> ListCleanupsAsync(int limit, CancellationToken cancellationToken = default);

    /// <summary>Records that the derived data of <paramref name="key"/> is gone from every index.</summary>
    Task CompleteCleanupAsync(MemoryNamespace ns, RecordId key, CancellationToken cancellationToken = default);

    /// <summary>Counts a failed removal of <paramref name="key"/>'s derived data; the sweep tries again.</summary>
    Task MarkCleanupFailedAsync(MemoryNamespace ns, RecordId key, string error, CancellationToken cancellationToken = default);

    /// <summary>The most recent deletions first, in every namespace.</summary>
    Task<IReadOnlyList<EventDeletionRecord>> ListDeletionsAsync(int limit, CancellationToken cancellationToken = default);
}
