using System.Text.Json;
using System.Text.Json.Nodes;

namespace RagMemory.Api.Contracts;

/// <summary>Vectors to insert or replace in <see cref="Namespace"/> (default <c>default</c>).</summary>
public sealed record UpsertRequest(IReadOnlyList<UpsertVector>? Vectors, string? Namespace = null);

public sealed record UpsertVector(JsonElement Id, float[]? Vector, JsonObject? Payload);
