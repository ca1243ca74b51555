namespace RagMemory.Keywords;

/// <summary>A chunk of an ingested event, as the keyword index stores it.</summary>
public sealed record KeywordDocument(string ChunkId, RecordId EventId, int ChunkIndex, string Text);
