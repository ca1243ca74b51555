using System.Text.Json.Nodes;
using RagMemory.Search;
using RagMemory.Vectors;

namespace RagMemory.Api.Contracts;

public sealed record HybridSearchRequest(string? Query, int Limit = 10, HybridSearchFilter? Filter = null);

/// <summary>Exact matches on top-level metadata fields, and a window (inclusive) on when the event was accepted.</summary>
public sealed record HybridSearchFilter(JsonObject? Metadata, DateTimeOffset? IngestedAfter, DateTimeOffset? IngestedBefore)
{
    /// <summary>The search filter, or null when the request's filter sets nothing; a bad one is a 400 naming the field.</summary>
    public static ChunkFilter? From(HybridSearchFilter? filter) =>
        filter is null ? null : ChunkFilter.From(filter.Metadata, filter.IngestedAfter, filter.IngestedBefore);
}

public sealed record HybridSearchResponse(IReadOnlyList<HybridSearchResult> Results);

public sealed record HybridSearchResult(string Id, double Score, string Text, JsonNode EventId, int ChunkIndex, SignalScores Scores, JsonObject? Metadata);

/// <summary>A question, answered from the passages a hybrid search with the same <see cref="Filter"/> finds.</summary>
public sealed record GenerateRequest(string? Query, HybridSearchFilter? Filter = null);

public sealed record GenerateResponse(string Answer, IReadOnlyList<CitationResponse> Citations, string Model);

public sealed record CitationResponse(int Number, JsonNode EventId, string ChunkId, string Text);
