using RagMemory.Ingestion;

namespace RagMemory.Resilience;

/// <summary>
/// The ingestion queue behind its backend pipeline. Enqueueing is idempotent by id and text, so it may retry; claiming
/// changes state and is not retried. Waiting for work is not a backend call and bypasses the pipeline.
/// </summary>
public sealed class ResilientIngestionQueue(IIngestionQueue inner, BackendPipelines pipelines) : IIngestionQueue
{
    private readonly BackendPipeline _pipeline = pipelines[Backends.IngestionQueue];

    public Task<EnqueueResult> EnqueueAsync(IngestEvent ingestEvent, CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(true, ct => inner.EnqueueAsync(ingestEvent, ct), cancellationToken);

    public Task<IngestStatus?> GetStatusAsync(RecordId id, CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(true, ct => inner.GetStatusAsync(id, ct), cancellationToken);

    public Task<SourceEvent?> GetEventAsync(RecordId id, CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(true, ct => inner.GetEventAsync(id, ct), cancellationToken);

    public Task<IReadOnlyList<IngestEvent>> ClaimDueAsync(int max, CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(false, ct => inner.ClaimDueAsync(max, ct), cancellationToken);

    public Task CompleteAsync(RecordId id, CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(true, ct => inner.CompleteAsync(id, ct), cancellationToken);

    public Task FailAsync(RecordId id, string error, CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(false, ct => inner.FailAsync(id, error, ct), cancellationToken);

    public Task<int> RequeueInterruptedAsync(CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(true, ct => inner.RequeueInterruptedAsync(ct), cancellationToken);

    public Task WaitForWorkAsync(TimeSpan maxWait, CancellationToken cancellationToken = default) =>
        inner.WaitForWorkAsync(maxWait, cancellationToken);

    public Task<QueueCounts> GetCountsAsync(CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(true, ct => inner.GetCountsAsync(ct), cancellationToken);

    public Task<IReadOnlyList<IngestStatus>> ListAsync(string? state, int limit, CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(true, ct => inner.ListAsync(state, limit, ct), cancellationToken);

    public Task<bool> ReplayAsync(RecordId id, CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(true, ct => inner.ReplayAsync(id, ct), cancellationToken);
}
