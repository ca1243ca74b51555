using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using RagMemory.Api.Contracts;
using RagMemory.Identity;
using RagMemory.Resilience;

namespace RagMemory.Api.Controllers;

[ApiController]
[Route("admin/breakers")]
[Authorize(Policy = Permissions.Admin)]
public sealed class BreakersController(BackendPipelines pipelines) : ControllerBase
{
    /// <summary>Each backend's breaker: state, failure ratio of the sampling window, last error and since when.</summary>
    [HttpGet]
    public ActionResult<BreakersResponse> List() => new BreakersResponse(pipelines.Statuses());

    /// <summary>Opens a breaker until it is reset: calls to that backend are refused with 503.</summary>
    [HttpPost("{name}/isolate")]
    [ProducesResponseType<BreakerStatus>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<ActionResult<BreakerStatus>> Isolate(string name)
    {
        var pipeline = pipelines[name];
        await pipeline.IsolateAsync();
        return pipeline.Status();
    }

    /// <summary>Closes a breaker, whether it was isolated or opened by failures.</summary>
    [HttpPost("{name}/reset")]
    [ProducesResponseType<BreakerStatus>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<ActionResult<BreakerStatus>> Reset(string name)
    {
        var pipeline = pipelines[name];
        await pipeline.ResetAsync();
        return pipeline.Status();
    }
}
