namespace RagMemory.Ingestion;

/// <summary>
/// One hand-over of an event from the bus to the worker. <see cref="Receipt"/> is the bus's own handle (a row for
/// SQLite, a topic, partition and offset for Kafka), opaque to everyone else and given back when acknowledging.
/// </summary>
public sealed record EventDelivery(EventEnvelope Envelope, string Receipt);
