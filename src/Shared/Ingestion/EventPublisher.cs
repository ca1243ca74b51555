namespace RagMemory.Ingestion;

/// <summary>
/// Puts an event the store has accepted on the bus, then records that it is there: the second half of every 202,
/// of a replay and of the worker's reconciliation at start.
/// </summary>
public sealed class EventPublisher(IEventStore store, IEventBus bus)
{
    public async Task PublishAsync(EventEnvelope envelope, CancellationToken cancellationToken = default)
    {
        await bus.PublishAsync(envelope, cancellationToken).ConfigureAwait(false);
        await store.MarkPublishedAsync(envelope.Namespace, envelope.Event.Id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Publishes every event accepted at or before <paramref name="unchangedSince"/> whose publication is not recorded
    /// (a crash or a bus failure came between the two); returns how many.
    /// </summary>
    public async Task<int> PublishUnpublishedAsync(DateTimeOffset unchangedSince, CancellationToken cancellationToken = default)
    {
        const int page = 100;
        var published = 0;
        IReadOnlyList<EventEnvelope> unpublished;
        do
        {
            unpublished = await store.ListUnpublishedAsync(unchangedSince, page, cancellationToken).ConfigureAwait(false);
            foreach (var envelope in unpublished)
            {
                await PublishAsync(envelope, cancellationToken).ConfigureAwait(false);
            }

            published += unpublished.Count;
        }
        while (unpublished.Count == page);

        return published;
    }
}
