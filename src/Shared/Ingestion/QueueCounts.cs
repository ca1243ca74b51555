namespace RagMemory.Ingestion;

/// <summary>How many events are in each state.</summary>
public sealed record QueueCounts(long Queued, long Processing, long Done, long Failed, long DeadLettered);
