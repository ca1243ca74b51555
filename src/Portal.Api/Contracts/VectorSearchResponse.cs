using System.Text.Json.Nodes;

namespace RagMemory.Api.Contracts;

public sealed record VectorSearchResponse(IReadOnlyList<VectorSearchResult> Results);

public sealed record VectorSearchResult(JsonNode Id, float Score, JsonObject Payload);
