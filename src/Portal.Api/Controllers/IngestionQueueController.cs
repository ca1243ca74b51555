using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using RagMemory.Api.Contracts;
using RagMemory.Identity;
using RagMemory.Ingestion;
using RagMemory.Namespaces;

namespace RagMemory.Api.Controllers;

/// <summary>The operator's view of the ingestion queue: counts per state, dead letters and their replay.</summary>
[ApiController]
[Route("admin/ingestion")]
[Authorize(Policy = Permissions.Admin)]
public sealed partial class IngestionQueueController(IngestionService ingestion, ILogger<IngestionQueueController> logger) : ControllerBase
{
    [HttpGet("queue")]
    public async Task<ActionResult<QueueCountsResponse>> Counts(CancellationToken cancellationToken, [FromQuery(Name = "namespace")] string? ns = null)
    {
        var counts = await ingestion.GetCountsAsync(NamespaceAccess.ToRead(User, ns), cancellationToken);
        return new QueueCountsResponse(counts.Queued, counts.Processing, counts.Done, counts.Failed, counts.DeadLettered);
    }

    /// <summary>Deleted events, most recent first: which, in which namespace, by whom, when (<paramref name="limit"/> 1 to 500).</summary>
    [HttpGet("/admin/audit/deletions")]
    [ProducesResponseType<DeletionAuditResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest)]
    public async Task<ActionResult<DeletionAuditResponse>> Deletions([FromQuery] int limit = 100, CancellationToken cancellationToken = default) =>
        DeletionAuditResponse.From(await ingestion.ListDeletionsAsync(limit, cancellationToken));

    /// <summary>Dead letters, most recent first, with the error of their last attempt.</summary>
    [HttpGet("dead-letters")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    public async Task<ActionResult<DeadLettersResponse>> DeadLetters([FromQuery] int limit = 100, [FromQuery(Name = "namespace")] string? ns = null, CancellationToken cancellationToken = default)
    {
        var deadLetters = await ingestion.ListDeadLettersAsync(NamespaceAccess.ToRead(User, ns), limit, cancellationToken);
        return new DeadLettersResponse(deadLetters.Select(IngestStatusResponse.From).ToList());
    }

    /// <summary>Queues one dead letter again with a fresh set of attempts.</summary>
    [HttpPost("dead-letters/{id}/replay")]
    [ProducesResponseType<IngestStatusResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    public async Task<ActionResult<IngestStatusResponse>> Replay(string id, CancellationToken cancellationToken, [FromQuery(Name = "namespace")] string? ns = null)
    {
        var inNamespace = NamespaceAccess.ToWrite(User, ns);
        var deadLetter = await ingestion.GetStatusByPathAsync(inNamespace, id, cancellationToken);
        var status = await ingestion.ReplayAsync(inNamespace, deadLetter.Id, cancellationToken);
        LogReplayed(logger, status.Id.ToString(), User.Identity?.Name ?? "unknown");
        return IngestStatusResponse.From(status);
    }

    [HttpPost("dead-letters/replay")]
    public async Task<ActionResult<ReplayAllResponse>> ReplayAll(CancellationToken cancellationToken, [FromQuery(Name = "namespace")] string? ns = null)
    {
        var replayed = await ingestion.ReplayAllAsync(NamespaceAccess.ToWrite(User, ns), cancellationToken);
        LogReplayedAll(logger, replayed, User.Identity?.Name ?? "unknown");
        return new ReplayAllResponse(replayed);
    }

    [LoggerMessage(EventId = 4211, Level = LogLevel.Information, Message = "Dead letter {IngestEventId} replayed by {User}")]
    private static partial void LogReplayed(ILogger logger, string ingestEventId, string user);

    [LoggerMessage(EventId = 4212, Level = LogLevel.Information, Message = "{Count} dead letters replayed by {User}")]
    private static partial void LogReplayedAll(ILogger logger, int count, string user);
}
