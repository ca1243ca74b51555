using RagMemory.Namespaces;

namespace RagMemory.Ingestion;

/// <summary>An event as the bus carries it: the submitted event and the namespace it belongs to (ids are unique per namespace).</summary>
public sealed record EventEnvelope(MemoryNamespace Namespace, IngestEvent Event);
