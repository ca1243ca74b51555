using System.Text.Json.Nodes;

namespace RagMemory.Api.Contracts;

public sealed record IngestStatusResponse(JsonNode Id, string Status, int Attempts, string? Error, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
