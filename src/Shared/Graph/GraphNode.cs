using System.Text.Json.Nodes;

namespace RagMemory.Graph;

public sealed record GraphNode(long Id, string Label, JsonObject Properties);
