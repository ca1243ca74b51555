using System.Text.Json.Nodes;

namespace RagMemory.Graph;

/// <summary>A directed relationship between two nodes; its id and its ends' ids are opaque strings, as on <see cref="GraphNode"/>.</summary>
public sealed record GraphRelationship(string Id, string FromId, string ToId, string Type, JsonObject Properties);
