using System.Text.Json;
using System.Text.Json.Nodes;

namespace RagMemory.Api.Contracts;

public sealed record CreateNodeRequest(string? Label, JsonObject? Properties, string? Namespace = null);

public sealed record FindNodesRequest(string? Label, JsonObject? Properties, int Limit = 100, string? Namespace = null);

public sealed record FindNodesResponse(IReadOnlyList<Graph.GraphNode> Nodes);

/// <summary>Node ids are strings; <see cref="FromId"/> and <see cref="ToId"/> also take the integers clients sent before ids were strings.</summary>
public sealed record CreateRelationshipRequest(JsonElement FromId, JsonElement ToId, string? Type, JsonObject? Properties, string? Namespace = null);
