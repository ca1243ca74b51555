using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using RagMemory.Api.Contracts;
using RagMemory.Identity;
using RagMemory.Logging;

namespace RagMemory.Api.Controllers;

[ApiController]
[Route("admin/logs")]
[Authorize(Policy = Permissions.Admin)]
public sealed class LogsController(LogRingBuffer logs) : ControllerBase
{
    /// <summary>Recent log events, newest first, filtered by minimum level, text, correlation id, user and time.</summary>
    [HttpGet]
    [ProducesResponseType<LogsResponse>(StatusCodes.Status200OK)]
    public ActionResult<LogsResponse> Query(
        [FromQuery] string? level,
        [FromQuery(Name = "q")] string? text,
        [FromQuery(Name = "correlation_id")] string? correlationId,
        [FromQuery] string? user,
        [FromQuery] DateTimeOffset? since,
        [FromQuery] int limit = 200)
    {
        if (limit is < 1 or > 1000)
        {
            throw new Errors.InvalidInputException("limit", $"'limit' must be between 1 and 1000 (got {limit}).");
        }

        return new LogsResponse(logs.Query(new LogQuery(level, text, correlationId, user, since, limit)));
    }
}
