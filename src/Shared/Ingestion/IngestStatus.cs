namespace RagMemory.Ingestion;

/// <summary>
/// Where an event is in the pipeline; <see cref="State"/> is one of <see cref="IngestStates"/>. <see cref="Version"/>
/// is the version searches show; <see cref="Replacement"/> is a newer text waiting to take its place, if any.
/// </summary>
public sealed record IngestStatus(RecordId Id, string State, int Attempts, string? Error, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int Version = 1, ReplacementStatus? Replacement = null);
