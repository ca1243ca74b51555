using System.Text.Json;
using System.Text.Json.Nodes;

namespace RagMemory.Api.Contracts;

/// <summary>The seed's ingestion payload; <see cref="Id"/> is a string or an integer.</summary>
public sealed record IngestRequest(JsonElement Id, string? Text, JsonObject? Metadata);
