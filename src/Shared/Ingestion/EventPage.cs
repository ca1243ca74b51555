namespace RagMemory.Ingestion;

/// <summary>A page of <see cref="EventSummary"/> rows and where the next page starts (null on the last).</summary>
public sealed record EventPage(IReadOnlyList<EventSummary> Events, EventCursor? Next);
