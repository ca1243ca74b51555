using System.Text.Json.Nodes;
using RagMemory.Ingestion;

namespace RagMemory.Api.Contracts;

/// <summary>One event of <c>GET /ingest</c>: its status, metadata and text length (the text itself is not listed).</summary>
public sealed record EventListItem(JsonNode Id, string Status, int Attempts, string? Error, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, JsonObject Metadata, int TextLength)
{
    public static EventListItem From(EventSummary summary) => new(
        summary.Status.Id.ToJsonNode(),
        summary.Status.State,
        summary.Status.Attempts,
        summary.Status.Error,
        summary.Status.CreatedAt,
        summary.Status.UpdatedAt,
        summary.Metadata,
        summary.TextLength);
}

/// <summary>A page of <c>GET /ingest</c>; pass <see cref="NextCursor"/> as <c>cursor</c> for the next one (null on the last page).</summary>
public sealed record EventListResponse(IReadOnlyList<EventListItem> Events, string? NextCursor)
{
    public static EventListResponse From(EventPage page) => new([.. page.Events.Select(EventListItem.From)], page.Next?.Encode());
}
