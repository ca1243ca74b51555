using System.Text.Json.Nodes;
using RagMemory.Errors;

namespace RagMemory.Vectors;

/// <summary>
/// Which ingested chunks a search may return, by their event: exact matches on top-level fields of the event's
/// metadata (<see cref="PayloadFilter"/>'s rules: strings, numbers with 2 equal to 2.0, booleans, null for an absent
/// field too) and a window on when the event was accepted for ingestion (both ends inclusive). Every chunk-level port
/// applies it inside its engine, over the metadata and acceptance time stored with each chunk.
/// </summary>
public sealed class ChunkFilter
{
    private ChunkFilter(PayloadFilter? metadata, DateTimeOffset? ingestedAfter, DateTimeOffset? ingestedBefore)
    {
        Metadata = metadata;
        IngestedAfter = ingestedAfter;
        IngestedBefore = ingestedBefore;
    }

    public PayloadFilter? Metadata { get; }

    public DateTimeOffset? IngestedAfter { get; }

    public DateTimeOffset? IngestedBefore { get; }

    /// <summary>
    /// The window in whole Unix milliseconds, as acceptance times are stored: the first millisecond at or after
    /// <see cref="IngestedAfter"/> and the last at or before <see cref="IngestedBefore"/>, so that comparing a stored
    /// time with them answers exactly as comparing it with the window.
    /// </summary>
    public long? IngestedAfterMilliseconds => IngestedAfter is { } after ? CeilingMilliseconds(after) : null;

    /// <inheritdoc cref="IngestedAfterMilliseconds"/>
    public long? IngestedBeforeMilliseconds => IngestedBefore?.ToUnixTimeMilliseconds(); // which rounds down

    /// <summary>The filter, or null when it sets nothing; a window that ends before it starts is a 400.</summary>
    public static ChunkFilter? From(JsonObject? metadata, DateTimeOffset? ingestedAfter, DateTimeOffset? ingestedBefore)
    {
        if (ingestedAfter > ingestedBefore)
        {
            throw new InvalidInputException("filter.ingested_before", "'filter.ingested_before' must not be earlier than 'filter.ingested_after'.");
        }

        var conditions = PayloadFilter.From(metadata);
        return conditions is null && ingestedAfter is null && ingestedBefore is null ? null : new ChunkFilter(conditions, ingestedAfter, ingestedBefore);
    }

    /// <summary>
    /// Whether a chunk of an event with this metadata (none reads as an empty object), accepted then, passes. A chunk
    /// whose acceptance time is unknown passes no window.
    /// </summary>
    public bool Matches(JsonObject? metadata, DateTimeOffset? ingestedAt) =>
        (Metadata?.Matches(metadata ?? []) ?? true)
        && (IngestedAfter is not { } after || ingestedAt >= after)
        && (IngestedBefore is not { } before || ingestedAt <= before);

    private static long CeilingMilliseconds(DateTimeOffset time)
    {
        var floor = time.ToUnixTimeMilliseconds();
        return DateTimeOffset.FromUnixTimeMilliseconds(floor) < time ? floor + 1 : floor;
    }
}
