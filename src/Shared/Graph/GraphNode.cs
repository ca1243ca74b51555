using System.Text.Json.Nodes;

namespace RagMemory.Graph;

/// <summary>A node of the graph. <see cref="Id"/> is opaque: each engine makes its own, callers only hand it back.</summary>
public sealed record GraphNode(string Id, string Label, JsonObject Properties);
