using RagMemory.Vectors;

namespace RagMemory.Ingestion;

/// <summary>
/// A page of the event listing: events of one state (all when null), whose metadata matches every condition, accepted
/// within the window (both ends inclusive), newest first, strictly after <see cref="After"/> in that order.
/// </summary>
public sealed record EventQuery(string? State, PayloadFilter? Metadata, DateTimeOffset? AcceptedAfter, DateTimeOffset? AcceptedBefore, int Limit, EventCursor? After);
