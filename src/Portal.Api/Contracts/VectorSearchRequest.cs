using System.Text.Json.Nodes;

namespace RagMemory.Api.Contracts;

/// <summary>Search by a vector, or by a text that is embedded first, in <see cref="Namespace"/> (default <c>default</c>); <see cref="Filter"/> matches payload fields exactly.</summary>
public sealed record VectorSearchRequest(float[]? QueryVector, string? Query, int Limit = 10, JsonObject? Filter = null, string? Namespace = null);
