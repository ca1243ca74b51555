namespace RagMemory.Ingestion;

/// <summary>The durable queue between <c>POST /ingest/</c> and the worker: SQLite embedded, Kafka at scale.</summary>
public interface IIngestionQueue
{
    /// <summary>
    /// Stores the event durably before returning. The same id with the same text is accepted again without a copy;
    /// the same id with another text throws <see cref="Errors.ConflictException"/>.
    /// </summary>
    Task<EnqueueResult> EnqueueAsync(IngestEvent ingestEvent, CancellationToken cancellationToken = default);

    Task<IngestStatus?> GetStatusAsync(RecordId id, CancellationToken cancellationToken = default);

    /// <summary>The event as it was submitted (text, metadata, correlation id) and its status, in one read; null when unknown.</summary>
    Task<SourceEvent?> GetEventAsync(RecordId id, CancellationToken cancellationToken = default);

    /// <summary>Takes up to <paramref name="max"/> events that are due, marking them processing.</summary>
    Task<IReadOnlyList<IngestEvent>> ClaimDueAsync(int max, CancellationToken cancellationToken = default);

    Task CompleteAsync(RecordId id, CancellationToken cancellationToken = default);

    /// <summary>Records a failed attempt: retried after a backoff, or dead-lettered once attempts run out.</summary>
    Task FailAsync(RecordId id, string error, CancellationToken cancellationToken = default);

    /// <summary>Returns events left processing by a stopped process to the queue; called once at start.</summary>
    Task<int> RequeueInterruptedAsync(CancellationToken cancellationToken = default);

    /// <summary>Completes when an event may be due, or after <paramref name="maxWait"/>.</summary>
    Task WaitForWorkAsync(TimeSpan maxWait, CancellationToken cancellationToken = default);

    Task<QueueCounts> GetCountsAsync(CancellationToken cancellationToken = default);

    Task<IReadOnlyList<IngestStatus>> ListAsync(string? state, int limit, CancellationToken cancellationToken = default);

    /// <summary>Gives a dead-lettered event a fresh set of attempts; false when the event is not a dead letter.</summary>
    Task<bool> ReplayAsync(RecordId id, CancellationToken cancellationToken = default);
}
