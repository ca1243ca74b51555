using System.Text.Json.Nodes;
using RagMemory.Ingestion;

namespace RagMemory.Api.Contracts;

/// <summary>An event's status: <see cref="Version"/> is the one searches show; <see cref="Replacement"/> a newer text still on its way, if any.</summary>
public sealed record IngestStatusResponse(JsonNode Id, string Status, int Attempts, string? Error, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int Version, ReplacementResponse? Replacement)
{
    public static IngestStatusResponse From(IngestStatus status) =>
        new(status.Id.ToJsonNode(), status.State, status.Attempts, status.Error, status.CreatedAt, status.UpdatedAt, status.Version, ReplacementResponse.From(status.Replacement));
}
