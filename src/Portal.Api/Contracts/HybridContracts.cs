using System.Text.Json.Nodes;
using RagMemory.Search;

namespace RagMemory.Api.Contracts;

public sealed record HybridSearchRequest(string? Query, int Limit = 10, HybridSearchFilter? Filter = null);

/// <summary>Exact matches on top-level metadata fields, and a window (inclusive) on when the event was accepted.</summary>
public sealed record HybridSearchFilter(JsonObject? Metadata, DateTimeOffset? IngestedAfter, DateTimeOffset? IngestedBefore);

public sealed record HybridSearchResponse(IReadOnlyList<HybridSearchResult> Results);

public sealed record HybridSearchResult(string Id, double Score, string Text, JsonNode EventId, int ChunkIndex, SignalScores Scores, JsonObject? Metadata);

public sealed record GenerateRequest(string? Query);

public sealed record GenerateResponse(string Answer, IReadOnlyList<CitationResponse> Citations, string Model);

public sealed record CitationResponse(int Number, JsonNode EventId, string ChunkId, string Text);
