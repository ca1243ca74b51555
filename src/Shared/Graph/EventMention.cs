namespace RagMemory.Graph;

/// <summary>An ingested event that mentions entities of a query; a higher <see cref="Score"/> mentions more of them, or more specific ones.</summary>
public sealed record EventMention(RecordId EventId, double Score);
