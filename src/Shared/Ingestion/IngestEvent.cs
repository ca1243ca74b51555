using System.Text.Json.Nodes;

namespace RagMemory.Ingestion;

/// <summary>A text submitted for ingestion, with the client's id and metadata, and the correlation id of the request that sent it.</summary>
public sealed record IngestEvent(RecordId Id, string Text, JsonObject Metadata, string? CorrelationId = null);
