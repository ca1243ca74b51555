namespace RagMemory.Ingestion;

/// <summary>
/// The store's answer to a replacement: the event's status (with the pending replacement), whether the text was the
/// one already current or pending (nothing new to do), and the replacement to publish when it is not yet on the bus.
/// </summary>
public sealed record ReplaceResult(IngestStatus Status, bool Unchanged, EventEnvelope? ToPublish);
