using System.Text.Json.Nodes;

namespace RagMemory.Vectors;

/// <summary>A chunk found by meaning: cosine similarity in <see cref="Score"/> (1 is identical).</summary>
public sealed record ChunkHit(RecordId EventId, int ChunkIndex, string Text, JsonObject? Metadata, float Score)
{
    public string ChunkId => ChunkIds.For(EventId, ChunkIndex);
}
