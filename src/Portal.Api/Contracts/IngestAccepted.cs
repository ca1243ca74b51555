using System.Text.Json.Nodes;

namespace RagMemory.Api.Contracts;

/// <summary>202 answer to an ingestion; <see cref="Duplicate"/> is true when this id and text were accepted before.</summary>
public sealed record IngestAccepted(string Status, JsonNode Id, string State, bool Duplicate);
