using RagMemory.Namespaces;

namespace RagMemory.Ingestion;

/// <summary>One deleted event, for the audit: which, in which namespace, by whom, when (kept after the event is gone).</summary>
public sealed record EventDeletionRecord(MemoryNamespace Namespace, RecordId Id, string DeletedBy, DateTimeOffset DeletedAt);
