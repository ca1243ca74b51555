using System.Text.Json;
using System.Text.Json.Nodes;

namespace RagMemory.Api.Contracts;

/// <summary>The seed's ingestion payload; <see cref="Id"/> is a string or an integer, unique in <see cref="Namespace"/> (default <c>default</c>).</summary>
public sealed record IngestRequest(JsonElement Id, string? Text, JsonObject? Metadata, string? Namespace = null);
