using System.Text.Json.Nodes;

namespace RagMemory.Vectors;

/// <summary>
/// One ingested chunk with its embedding: what hybrid search needs to show, fuse and filter it, typed; the event's
/// metadata and acceptance time travel with it so that a filtered search is judged inside the engine.
/// </summary>
public sealed record ChunkVector(RecordId EventId, int ChunkIndex, string Text, JsonObject? Metadata, float[] Vector, DateTimeOffset? IngestedAt = null)
{
    /// <summary>The chunk's id: its event's id in JSON form, '#', its position (<c>"doc-1"#0</c>, <c>42#3</c>).</summary>
    public string ChunkId => ChunkIds.For(EventId, ChunkIndex);
}
