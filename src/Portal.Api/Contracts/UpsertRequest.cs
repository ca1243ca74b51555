using System.Text.Json;
using System.Text.Json.Nodes;

namespace RagMemory.Api.Contracts;

public sealed record UpsertRequest(IReadOnlyList<UpsertVector>? Vectors);

public sealed record UpsertVector(JsonElement Id, float[]? Vector, JsonObject? Payload);
