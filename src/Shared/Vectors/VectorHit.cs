using System.Text.Json.Nodes;

namespace RagMemory.Vectors;

/// <summary>A search result: cosine similarity in <see cref="Score"/> (1 is identical).</summary>
public sealed record VectorHit(RecordId Id, float Score, JsonObject Payload);
