namespace RagMemory.Ingestion;

/// <summary>The queue's answer to a submission: new, or the same event again (idempotent).</summary>
public sealed record EnqueueResult(IngestStatus Status, bool AlreadyAccepted);
