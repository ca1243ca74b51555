using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using RagMemory.Api.Contracts;
using RagMemory.Api.RequestPolicies;
using RagMemory.Identity;
using RagMemory.Namespaces;
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
        var ns = NamespaceAccess.ToWrite(User, request.Namespace);
        var id = RecordId.FromJson(request.Id, "id");
        var result = await ingestion.SubmitAsync(ns, id, request.Text, request.Metadata, cancellationToken);
        LogAccepted(logger, id.ToString(), request.Text!.Length, result.AlreadyAccepted, User.Identity?.Name ?? "unknown");
        return AcceptedAtAction(nameof(Status), new { id = id.ToString(), @namespace = request.Namespace }, new IngestAccepted("accepted", id.ToJsonNode(), result.Status.State, result.AlreadyAccepted));
    }

    /// <summary>Where an ingestion event is: queued, processing, done, failed (retry scheduled) or dead_lettered.</summary>
    [HttpGet("{id}")]
    [RateLimited(RateLimitPolicies.Search)]
    [Authorize(Policy = Permissions.Read)]
    [ProducesResponseType<IngestStatusResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<ActionResult<IngestStatusResponse>> Status(string id, CancellationToken cancellationToken, [FromQuery(Name = "namespace")] string? ns = null)
    {
        var status = await ingestion.GetStatusByPathAsync(NamespaceAccess.ToRead(User, ns), id, cancellationToken);
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
        [FromQuery] int limit = 20,
        [FromQuery(Name = "namespace")] string? ns = null)
    {
        var page = await ingestion.ListEventsAsync(NamespaceAccess.ToRead(User, ns), state, metadata, after, before, limit, cursor, cancellationToken);
        return EventListResponse.From(page);
    }

    /// <summary>
    /// Replaces the event's text (and metadata) with a new version, with the body of <c>POST /ingest/</c> (its id, if
    /// given, must be the path's). Searches show the current version until the new one is done, then only the new one;
    /// a replacement that fails leaves the current version searchable and its status says why. The current or pending
    /// text again is no new version; 404 for an unknown event; 409 while the event or an earlier replacement is still
    /// queued, processing or retrying.
    /// </summary>
    [HttpPut("{id}")]
    [RateLimited(RateLimitPolicies.Ingest)]
    [Authorize(Policy = Permissions.Write)]
    [ProducesResponseType<ReplaceAccepted>(StatusCodes.Status202Accepted)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    public async Task<ActionResult<ReplaceAccepted>> Replace(string id, IngestRequest request, CancellationToken cancellationToken)
    {
        var ns = NamespaceAccess.ToWrite(User, request.Namespace);
        var current = await ingestion.GetStatusByPathAsync(ns, id, cancellationToken);
        if (request.Id.ValueKind is not (System.Text.Json.JsonValueKind.Undefined or System.Text.Json.JsonValueKind.Null)
            && RecordId.FromJson(request.Id, "id") != current.Id)
        {
            throw new Errors.InvalidInputException("id", $"'id' in the body must be the id in the path ({current.Id}) or left out.");
        }

        var result = await ingestion.ReplaceAsync(ns, current.Id, request.Text, request.Metadata, cancellationToken);
        LogReplaced(logger, current.Id.ToString(), request.Text!.Length, result.Status.Replacement?.Version ?? result.Status.Version, result.Unchanged, User.Identity?.Name ?? "unknown");
        return AcceptedAtAction(nameof(Status), new { id = current.Id.ToString(), @namespace = ns.Name }, ReplaceAccepted.From(result));
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
    public async Task<IActionResult> Delete(string id, CancellationToken cancellationToken, [FromQuery(Name = "namespace")] string? ns = null)
    {
        var inNamespace = NamespaceAccess.ToWrite(User, ns);
        var status = await ingestion.GetStatusByPathAsync(inNamespace, id, cancellationToken);
        await deletion.DeleteAsync(inNamespace, status.Id, User.Identity?.Name ?? "unknown", cancellationToken);
        return NoContent();
    }

    [LoggerMessage(EventId = 4201, Level = LogLevel.Information, Message = "Ingestion event {IngestEventId} accepted ({TextLength} characters, duplicate {Duplicate}) from {User}")]
    private static partial void LogAccepted(ILogger logger, string ingestEventId, int textLength, bool duplicate, string user);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Information, Message = "Ingestion event {IngestEventId} replaced by version {Version} ({TextLength} characters, unchanged {Unchanged}) from {User}")]
    private static partial void LogReplaced(ILogger logger, string ingestEventId, int textLength, int version, bool unchanged, string user);
}
