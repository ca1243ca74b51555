using System.Text.Json.Nodes;
using RagMemory.Ingestion;

namespace RagMemory.Api.Contracts;

public sealed record IngestStatusResponse(JsonNode Id, string Status, int Attempts, string? Error, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static IngestStatusResponse From(IngestStatus status) =>
        new(status.Id.ToJsonNode(), status.State, status.Attempts, status.Error, status.CreatedAt, status.UpdatedAt);
}
