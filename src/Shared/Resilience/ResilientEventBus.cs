using RagMemory.Engines;
using RagMemory.Ingestion;

namespace RagMemory.Resilience;

/// <summary>
/// The event bus behind its own backend's pipeline and breaker (<c>event_bus</c>), apart from the event store's: on
/// Kafka they are two engines, and a broker outage must answer 503 without tripping the store. Publishing is keyed by event id and the worker skips what is
/// done, so it may retry, as may settling a delivery; receiving hands deliveries out and is not retried, and a receive that finds nothing is not counted by the breaker
/// (<see cref="BackendPipeline.PollAsync"/>). Waiting for
/// work is not a backend call and bypasses the pipeline.
/// </summary>
public sealed class ResilientEventBus(IEventBus inner, BackendPipelines pipelines) : IEventBus
{
    private readonly BackendPipeline _pipeline = pipelines[Backends.EventBus];

    public Task PublishAsync(EventEnvelope envelope, CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(true, ct => inner.PublishAsync(envelope, ct), cancellationToken);

    public Task<IReadOnlyList<EventDelivery>> ReceiveAsync(int max, CancellationToken cancellationToken = default) =>
        _pipeline.PollAsync(ct => inner.ReceiveAsync(max, ct), cancellationToken);

    public Task AcknowledgeAsync(IReadOnlyList<EventDelivery> deliveries, CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(true, ct => inner.AcknowledgeAsync(deliveries, ct), cancellationToken);

    public Task RetryLaterAsync(EventDelivery delivery, DateTimeOffset dueAt, CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(true, ct => inner.RetryLaterAsync(delivery, dueAt, ct), cancellationToken);

    public Task DeadLetterAsync(EventDelivery delivery, string error, CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(true, ct => inner.DeadLetterAsync(delivery, error, ct), cancellationToken);

    public Task<int> RecoverUnacknowledgedAsync(CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(true, ct => inner.RecoverUnacknowledgedAsync(ct), cancellationToken);

    public Task WaitForWorkAsync(TimeSpan maxWait, CancellationToken cancellationToken = default) =>
        inner.WaitForWorkAsync(maxWait, cancellationToken);

    public Task<EngineDescription> DescribeAsync(CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(true, inner.DescribeAsync, cancellationToken);
}
