using System.Text.Json.Nodes;
using RagMemory.Answers;
using RagMemory.Search;
using RagMemory.Vectors;

namespace RagMemory.Api.Contracts;

public sealed record HybridSearchRequest(string? Query, int Limit = 10, HybridSearchFilter? Filter = null, string? Namespace = null);

/// <summary>Exact matches on top-level metadata fields, and a window (inclusive) on when the event was accepted.</summary>
public sealed record HybridSearchFilter(JsonObject? Metadata, DateTimeOffset? IngestedAfter, DateTimeOffset? IngestedBefore)
{
    /// <summary>The search filter, or null when the request's filter sets nothing; a bad one is a 400 naming the field.</summary>
    public static ChunkFilter? From(HybridSearchFilter? filter) =>
        filter is null ? null : ChunkFilter.From(filter.Metadata, filter.IngestedAfter, filter.IngestedBefore);
}

public sealed record HybridSearchResponse(IReadOnlyList<HybridSearchResult> Results);

public sealed record HybridSearchResult(string Id, double Score, string Text, JsonNode EventId, int ChunkIndex, SignalScores Scores, JsonObject? Metadata);

/// <summary>
/// A question, answered from the passages a hybrid search with the same <see cref="Filter"/> finds; with
/// <see cref="Stream"/>, answered as <c>text/event-stream</c> while the model writes.
/// </summary>
public sealed record GenerateRequest(string? Query, HybridSearchFilter? Filter = null, bool Stream = false, string? Namespace = null);

/// <summary>
/// An answer, the passages it cites (only those), the model that wrote it and its token usage; <see cref="NoPassageFound"/>
/// when the search found nothing to answer from; <see cref="Fallback"/> when the model failed and the fallback answered.
/// </summary>
public sealed record GenerateResponse(
    string Answer,
    IReadOnlyList<CitationResponse> Citations,
    string Model,
    bool NoPassageFound,
    UsageResponse? Usage,
    FallbackResponse? Fallback)
{
    public static GenerateResponse From(Answer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return new(answer.Text, CitationResponse.From(answer.Citations), answer.Model, answer.NoPassageFound, UsageResponse.From(answer.Usage), FallbackResponse.From(answer.Fallback));
    }
}

public sealed record CitationResponse(int Number, JsonNode EventId, string ChunkId, string Text)
{
    public static IReadOnlyList<CitationResponse> From(IReadOnlyList<Citation> citations) =>
        citations.Select(c => new CitationResponse(c.Number, c.EventId.ToJsonNode(), c.ChunkId, c.Text)).ToList();
}

/// <summary>Tokens the model reported: the prompt's, the answer's and their total (null when it reported none).</summary>
public sealed record UsageResponse(long? InputTokens, long? OutputTokens, long? TotalTokens)
{
    public static UsageResponse? From(AnswerUsage? usage) => usage is null ? null : new(usage.InputTokens, usage.OutputTokens, usage.TotalTokens);
}

/// <summary>The model that failed and its failure, when the fallback answerer wrote the answer instead.</summary>
public sealed record FallbackResponse(string FailedModel, string Failure)
{
    public static FallbackResponse? From(AnswerFallback? fallback) => fallback is null ? null : new(fallback.FailedModel, fallback.Failure);
}
