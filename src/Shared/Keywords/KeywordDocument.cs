using System.Text.Json.Nodes;

namespace RagMemory.Keywords;

/// <summary>
/// A chunk of an ingested event, as the keyword index stores it, with its event's metadata and acceptance time for
/// filtered search (none for a chunk whose event was never known).
/// </summary>
public sealed record KeywordDocument(string ChunkId, RecordId EventId, int ChunkIndex, string Text, JsonObject? Metadata = null, DateTimeOffset? IngestedAt = null);
