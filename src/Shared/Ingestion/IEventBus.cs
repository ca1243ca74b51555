using RagMemory.Engines;

namespace RagMemory.Ingestion;

/// <summary>
/// Moves events from <c>POST /ingest/</c> to the worker: SQLite embedded, Kafka at scale. Delivery is at least once:
/// a delivery not acknowledged (the process stopped mid-way) is delivered again, and the worker acknowledges only after
/// the store records the outcome. The worker's <see cref="RetryPolicy"/> decides retries and dead letters for every bus.
/// </summary>
public interface IEventBus : IDescribesEngine
{
    /// <summary>Durable before it returns (Kafka: acks=all, keyed by the event's id). Publishing a live event again adds no second copy where the bus can tell.</summary>
    Task PublishAsync(EventEnvelope envelope, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="max"/> deliveries that are due; each is held for this consumer until acknowledged, retried or dead-lettered.</summary>
    Task<IReadOnlyList<EventDelivery>> ReceiveAsync(int max, CancellationToken cancellationToken = default);

    /// <summary>The deliveries are processed (or need no processing); the bus never hands them out again (Kafka: commits their offsets).</summary>
    Task AcknowledgeAsync(IReadOnlyList<EventDelivery> deliveries, CancellationToken cancellationToken = default);

    /// <summary>Hands the delivery out again at <paramref name="dueAt"/>, not before (Kafka: a retry topic, or pause and resume).</summary>
    Task RetryLaterAsync(EventDelivery delivery, DateTimeOffset dueAt, CancellationToken cancellationToken = default);

    /// <summary>Moves the delivery to the dead letters (Kafka: a dead-letter topic); only publishing the event again revives it.</summary>
    Task DeadLetterAsync(EventDelivery delivery, string error, CancellationToken cancellationToken = default);

    /// <summary>
    /// Makes deliveries a stopped consumer held but never acknowledged due again; called at start, and after a round
    /// whose settlement failed, when the worker holds nothing, so the deliveries it held are due again in this process.
    /// (Kafka: a stopped member's uncommitted offsets go to the group by themselves; what this consumer holds is made
    /// due again, and stays uncommitted.)
    /// </summary>
    Task<int> RecoverUnacknowledgedAsync(CancellationToken cancellationToken = default);

    /// <summary>Completes when a delivery may be due, or after <paramref name="maxWait"/>.</summary>
    Task WaitForWorkAsync(TimeSpan maxWait, CancellationToken cancellationToken = default);
}
