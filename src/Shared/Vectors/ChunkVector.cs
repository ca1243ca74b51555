using System.Text.Json.Nodes;

namespace RagMemory.Vectors;

/// <summary>One ingested chunk with its embedding: what hybrid search needs to show and fuse it, typed.</summary>
public sealed record ChunkVector(RecordId EventId, int ChunkIndex, string Text, JsonObject? Metadata, float[] Vector)
{
    /// <summary>The chunk's id: its event's id in JSON form, '#', its position (<c>"doc-1"#0</c>, <c>42#3</c>).</summary>
    public string ChunkId => ChunkIds.For(EventId, ChunkIndex);
}
