using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using RagMemory.Api.Contracts;
using RagMemory.Api.RequestPolicies;
using RagMemory.Graph;
using RagMemory.Identity;
using RagMemory.Namespaces;
using RagMemory.RateLimiting;

namespace RagMemory.Api.Controllers;

/// <summary>
/// The graph routes. Every call works in the namespace the request names (default <c>default</c>) once the caller may
/// read or write it (<see cref="NamespaceAccess"/>); a node of another namespace is not found. The store's
/// errors name its parameters (label, type, properties, depth, limit), which are also these requests' field names.
/// Reads go through <see cref="VisibleGraph"/>: only the visible version of each event, under its public id.
/// </summary>
[ApiController]
[Route("graph")]
public sealed class GraphController(IGraphStore graph, VisibleGraph visibleGraph) : ControllerBase
{
    private const int MaxNeighbours = 500;

    [HttpPost("node")]
    [RateLimited(RateLimitPolicies.GraphWrite)]
    [Authorize(Policy = Permissions.Write)]
    [ProducesResponseType<GraphNode>(StatusCodes.Status201Created)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    public async Task<ActionResult<GraphNode>> CreateNode(CreateNodeRequest request, CancellationToken cancellationToken)
    {
        var node = await graph.CreateNodeAsync(NamespaceAccess.ToWrite(User, request.Namespace), request.Label!, request.Properties ?? [], cancellationToken);
        return StatusCode(StatusCodes.Status201Created, node);
    }

    [HttpPost("node/find")]
    [RateLimited(RateLimitPolicies.GraphRead)]
    [Authorize(Policy = Permissions.Read)]
    [ProducesResponseType<FindNodesResponse>(StatusCodes.Status200OK)]
    public async Task<ActionResult<FindNodesResponse>> FindNodes(FindNodesRequest request, CancellationToken cancellationToken) =>
        new FindNodesResponse(await visibleGraph.FindNodesAsync(NamespaceAccess.ToRead(User, request.Namespace), request.Label!, request.Properties, request.Limit, cancellationToken));

    [HttpPost("relationship")]
    [RateLimited(RateLimitPolicies.GraphWrite)]
    [Authorize(Policy = Permissions.Write)]
    [ProducesResponseType<GraphRelationship>(StatusCodes.Status201Created)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<ActionResult<GraphRelationship>> CreateRelationship(CreateRelationshipRequest request, CancellationToken cancellationToken)
    {
        var relationship = await graph.CreateRelationshipAsync(
            NamespaceAccess.ToWrite(User, request.Namespace),
            NodeId(request.FromId, "from_id"),
            NodeId(request.ToId, "to_id"),
            request.Type!,
            request.Properties ?? [],
            cancellationToken);
        return StatusCode(StatusCodes.Status201Created, relationship);
    }

    /// <summary>Nodes within <paramref name="depth"/> hops (1 to 3) in either direction, and the relationships among them.</summary>
    [HttpGet("node/{id}/neighbors")]
    [RateLimited(RateLimitPolicies.GraphRead)]
    [Authorize(Policy = Permissions.Read)]
    [ProducesResponseType<GraphNeighborhood>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<ActionResult<GraphNeighborhood>> Neighbors(string id, [FromQuery] int depth = 1, [FromQuery(Name = "namespace")] string? ns = null, CancellationToken cancellationToken = default) =>
        await visibleGraph.GetNeighborsAsync(NamespaceAccess.ToRead(User, ns), id, depth, MaxNeighbours, cancellationToken);

    /// <summary>
    /// A node id as a request sends it: a string, or an integer as clients sent before ids were strings (42 and "42" name
    /// one node). Anything else is a 400 naming <paramref name="field"/>.
    /// </summary>
    private static string NodeId(JsonElement id, string field) => RecordId.FromJson(id, field).ToString();
}
