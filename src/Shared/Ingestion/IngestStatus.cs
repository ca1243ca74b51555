namespace RagMemory.Ingestion;

/// <summary>Where an event is in the pipeline; <see cref="State"/> is one of <see cref="IngestStates"/>.</summary>
public sealed record IngestStatus(RecordId Id, string State, int Attempts, string? Error, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
