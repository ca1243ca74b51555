using System.Text.Json.Nodes;
using RagMemory.Errors;
using RagMemory.Vectors;

namespace RagMemory.Search;

/// <summary>
/// Which events a hybrid search may return: exact matches on top-level fields of the event's metadata, and a window
/// on when the event was accepted for ingestion (both ends inclusive).
/// </summary>
public sealed class SearchFilter
{
    private SearchFilter(PayloadFilter? metadata, DateTimeOffset? ingestedAfter, DateTimeOffset? ingestedBefore)
    {
        Metadata = metadata;
        IngestedAfter = ingestedAfter;
        IngestedBefore = ingestedBefore;
    }

    public PayloadFilter? Metadata { get; }

    public DateTimeOffset? IngestedAfter { get; }

    public DateTimeOffset? IngestedBefore { get; }

    /// <summary>The filter, or null when it sets nothing; a window that ends before it starts is a 400.</summary>
    public static SearchFilter? From(JsonObject? metadata, DateTimeOffset? ingestedAfter, DateTimeOffset? ingestedBefore)
    {
        if (ingestedAfter > ingestedBefore)
        {
            throw new InvalidInputException("filter.ingested_before", "'filter.ingested_before' must not be earlier than 'filter.ingested_after'.");
        }

        var conditions = PayloadFilter.From(metadata);
        return conditions is null && ingestedAfter is null && ingestedBefore is null ? null : new SearchFilter(conditions, ingestedAfter, ingestedBefore);
    }

    public bool Matches(JsonObject metadata, DateTimeOffset ingestedAt) =>
        (Metadata?.Matches(metadata) ?? true)
        && (IngestedAfter is not { } after || ingestedAt >= after)
        && (IngestedBefore is not { } before || ingestedAt <= before);
}
