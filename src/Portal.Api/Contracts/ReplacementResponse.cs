using RagMemory.Ingestion;

namespace RagMemory.Api.Contracts;

/// <summary>A replacement not yet visible: its version, state (queued, processing, failed, dead_lettered), attempts and last error.</summary>
public sealed record ReplacementResponse(int Version, string Status, int Attempts, string? Error, DateTimeOffset UpdatedAt)
{
    public static ReplacementResponse? From(ReplacementStatus? replacement) =>
        replacement is null ? null : new(replacement.Version, replacement.State, replacement.Attempts, replacement.Error, replacement.UpdatedAt);
}
