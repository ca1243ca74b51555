using System.Text.Json.Nodes;

namespace RagMemory.Vectors;

/// <summary>A hit of <c>/memory/search</c>: a client's vector or an ingested chunk (<see cref="Source"/> says which).</summary>
public sealed record MemoryHit(RecordId Id, float Score, JsonObject Payload, string Source)
{
    public const string ClientSource = "client";
    public const string ChunkSource = "chunk";
}
