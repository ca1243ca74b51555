using System.Text.Json.Nodes;

namespace RagMemory.Graph;

public sealed record GraphRelationship(long Id, long FromId, long ToId, string Type, JsonObject Properties);
