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
public sealed partial class IngestController(IngestionService ingestion, ILogger<IngestController> logger) : ControllerBase
{
    /// <summary>Queues a text for ingestion; the event is durable before the 202 is sent.</summary>
    [HttpPost("")]
    [RateLimited(RateLimitPolicies.Ingest)]
    [Authorize(Policy = Permissions.Write)]
    [ProducesResponseType<IngestAccepted>(StatusCodes.Status202Accepted)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
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

    [LoggerMessage(EventId = 4201, Level = LogLevel.Information, Message = "Ingestion event {IngestEventId} accepted ({TextLength} characters, duplicate {Duplicate}) from {User}")]
    private static partial void LogAccepted(ILogger logger, string ingestEventId, int textLength, bool duplicate, string user);
}
