using System.Text.Json.Nodes;

namespace RagMemory.Api.Contracts;

public sealed record VectorSearchResponse(IReadOnlyList<VectorSearchResult> Results);

/// <summary>One hit; <see cref="Source"/> is <c>client</c> for an upserted vector, <c>chunk</c> for an ingested chunk.</summary>
public sealed record VectorSearchResult(JsonNode Id, float Score, JsonObject Payload, string Source);
