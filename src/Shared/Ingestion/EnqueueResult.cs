namespace RagMemory.Ingestion;

/// <summary>
/// The store's answer to a submission: new, or the same event again (idempotent). <see cref="Published"/> says whether
/// the bus already has it; when not (a first submission, or a publication that failed), the caller publishes it.
/// </summary>
public sealed record EnqueueResult(IngestStatus Status, bool AlreadyAccepted, bool Published);
