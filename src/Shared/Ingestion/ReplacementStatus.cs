namespace RagMemory.Ingestion;

/// <summary>
/// A replacement text not yet visible: its version, its state (queued, processing, failed or dead_lettered; a done one
/// has become the event's version) and the error of its last failed attempt.
/// </summary>
public sealed record ReplacementStatus(int Version, string State, int Attempts, string? Error, DateTimeOffset UpdatedAt);
