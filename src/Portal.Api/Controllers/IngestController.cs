using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using RagMemory.Api.Contracts;
using RagMemory.Api.RequestPolicies;
using RagMemory.Identity;
using RagMemory.RateLimiting;
using RagMemory.Ingestion;

namespace RagMemory.Api.Controllers;

[ApiController]
[Route("ingest")]
public sealed partial class IngestController(IngestionService ingestion, EventDeletion deletion, ILogger<IngestController> logger) : ControllerBase
{
    /// <summary>Queues a text for ingestion; the event is durable before the 202 is sent. A full queue answers 503 with Retry-After.</summary>
    [HttpPost("")]
    [RateLimited(RateLimitPolicies.Ingest)]
    [Authorize(Policy = Permissions.Write)]
    [ProducesResponseType<IngestAccepted>(StatusCodes.Status202Accepted)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status503ServiceUnavailable)]
    public async Task<ActionResult<IngestAccepted>> Ingest(IngestRequest request, CancellationToken cancellationToken)
    {
        var id = RecordId.FromJson(request.Id, "id");
        var result = await ingestion.SubmitAsync(id, request.Text, request.Metadata, cancellationToken);
        LogAccepted(logger, id.ToString(), request.Text!.Length, result.AlreadyAccepted, User.Identity?.Name ?? "unknown");
        return AcceptedAtAction(nameof(Status), new { id = id.ToString() }, new IngestAccepted("accepted", id.ToJsonNode(), result.Status.State, result.AlreadyAccepted));
    }

    /// <summary>Where an ingestion event is: queued, processing, done, failed (retry scheduled) or dead_lettered.</summary>
    [HttpGet("{id}")]
    [RateLimited(RateLimitPolicies.Search)]
    [Authorize(Policy = Permissions.Read)]
    [ProducesResponseType<IngestStatusResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<ActionResult<IngestStatusResponse>> Status(string id, CancellationToken cancellationToken)
    {
        var status = await ingestion.GetStatusByPathAsync(id, cancellationToken);
        return IngestStatusResponse.From(status);
    }

    /// <summary>Pages through the events, newest first, with their status, metadata and text length.</summary>
    [HttpGet("")]
    [RateLimited(RateLimitPolicies.Search)]
    [Authorize(Policy = Permissions.Read)]
    [ProducesResponseType<EventListResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest)]
    public async Task<ActionResult<EventListResponse>> List(
        [FromQuery] string? state,
        [FromQuery] string? metadata,
        [FromQuery] DateTimeOffset? after,
        [FromQuery] DateTimeOffset? before,
        [FromQuery] string? cursor,
        CancellationToken cancellationToken,
        [FromQuery] int limit = 20)
    {
        var page = await ingestion.ListEventsAsync(state, metadata, after, before, limit, cursor, cancellationToken);
        return EventListResponse.From(page);
    }

    /// <summary>
    /// Forgets the event and everything derived from it (vectors, keyword rows, graph mentions); its status is then a 404.
    /// </summary>
    [HttpDelete("{id}")]
    [RateLimited(RateLimitPolicies.Ingest)]
    [Authorize(Policy = Permissions.Write)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> Delete(string id, CancellationToken cancellationToken)
    {
        var status = await ingestion.GetStatusByPathAsync(id, cancellationToken);
        await deletion.DeleteAsync(Namespaces.MemoryNamespace.Default, status.Id, User.Identity?.Name ?? "unknown", cancellationToken);
        return NoContent();
    }

    [LoggerMessage(EventId = 4201, Level = LogLevel.Information, Message = "Ingestion event {IngestEventId} accepted ({TextLength} characters, duplicate {Duplicate}) from {User}")]
    private static partial void LogAccepted(ILogger logger, string ingestEventId, int textLength, bool duplicate, string user);
}
