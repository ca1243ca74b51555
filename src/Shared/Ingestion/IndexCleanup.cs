using RagMemory.Namespaces;

namespace RagMemory.Ingestion;

/// <summary>
/// Derived data still to be removed from the indexes: the chunks, keyword rows and graph mentions stored under
/// <see cref="Key"/> (see <see cref="IndexKeys"/>). Recorded by the store in the transaction that made them obsolete.
/// </summary>
public sealed record IndexCleanup(MemoryNamespace Namespace, RecordId Key, int Attempts, string? Error);
