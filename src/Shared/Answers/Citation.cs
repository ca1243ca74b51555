namespace RagMemory.Answers;

/// <summary>A passage an answer relies on: the event it came from and its text. <see cref="Number"/> is the [n] in the answer.</summary>
public sealed record Citation(int Number, RecordId EventId, string ChunkId, string Text);
