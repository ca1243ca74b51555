using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using RagMemory.Api.Contracts;
using RagMemory.Graph;
using RagMemory.Errors;
using RagMemory.Api.RequestPolicies;
using RagMemory.Identity;
using RagMemory.RateLimiting;

namespace RagMemory.Api.Controllers;

[ApiController]
[Route("graph")]
public sealed class GraphController(IGraphStore graph) : ControllerBase
{
    private const int MaxNeighbours = 500;

    [HttpPost("node")]
    [RateLimited(RateLimitPolicies.GraphWrite)]
    [Authorize(Policy = Permissions.Write)]
    [ProducesResponseType<GraphNode>(StatusCodes.Status201Created)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    public async Task<ActionResult<GraphNode>> CreateNode(CreateNodeRequest request, CancellationToken cancellationToken)
    {
        var node = await graph.CreateNodeAsync(request.Label!, request.Properties ?? [], cancellationToken);
        return StatusCode(StatusCodes.Status201Created, node);
    }

    [HttpPost("node/find")]
    [RateLimited(RateLimitPolicies.GraphRead)]
    [Authorize(Policy = Permissions.Read)]
    [ProducesResponseType<FindNodesResponse>(StatusCodes.Status200OK)]
    public async Task<ActionResult<FindNodesResponse>> FindNodes(FindNodesRequest request, CancellationToken cancellationToken) =>
        new FindNodesResponse(await graph.FindNodesAsync(request.Label!, request.Properties, request.Limit, cancellationToken));

    [HttpPost("relationship")]
    [RateLimited(RateLimitPolicies.GraphWrite)]
    [Authorize(Policy = Permissions.Write)]
    [ProducesResponseType<GraphRelationship>(StatusCodes.Status201Created)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<ActionResult<GraphRelationship>> CreateRelationship(CreateRelationshipRequest request, CancellationToken cancellationToken)
    {
        var relationship = await graph.CreateRelationshipAsync(
            request.FromId ?? throw new InvalidInputException("from_id", "'from_id' is required."),
            request.ToId ?? throw new InvalidInputException("to_id", "'to_id' is required."),
            request.Type!,
            request.Properties ?? [],
            cancellationToken);
        return StatusCode(StatusCodes.Status201Created, relationship);
    }

    /// <summary>Nodes within <paramref name="depth"/> hops (1 to 3) in either direction, and the relationships among them.</summary>
    [HttpGet("node/{id:long}/neighbors")]
    [RateLimited(RateLimitPolicies.GraphRead)]
    [Authorize(Policy = Permissions.Read)]
    [ProducesResponseType<GraphNeighborhood>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<ActionResult<GraphNeighborhood>> Neighbors(long id, [FromQuery] int depth = 1, CancellationToken cancellationToken = default) =>
        await graph.GetNeighborsAsync(id, depth, MaxNeighbours, cancellationToken);
}
