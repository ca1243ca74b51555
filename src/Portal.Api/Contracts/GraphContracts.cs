using System.Text.Json.Nodes;

namespace RagMemory.Api.Contracts;

public sealed record CreateNodeRequest(string? Label, JsonObject? Properties);

public sealed record FindNodesRequest(string? Label, JsonObject? Properties, int Limit = 100);

public sealed record FindNodesResponse(IReadOnlyList<Graph.GraphNode> Nodes);

public sealed record CreateRelationshipRequest(long? FromId, long? ToId, string? Type, JsonObject? Properties);
