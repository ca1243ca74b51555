using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using RagMemory.Answers;
using RagMemory.Api.Contracts;
using RagMemory.Api.RequestPolicies;
using RagMemory.Api.Streaming;
using RagMemory.Identity;
using RagMemory.Namespaces;
using RagMemory.RateLimiting;
using RagMemory.Search;

namespace RagMemory.Api.Controllers;

[ApiController]
[Route("hybrid")]
[Authorize(Policy = Permissions.Read)]
public sealed class HybridController(HybridSearchService search, AnswerService answers) : ControllerBase
{
    /// <summary>Keyword, vector and graph results fused by reciprocal rank fusion, with each signal's score.</summary>
    [HttpPost("search")]
    [RateLimited(RateLimitPolicies.Search)]
    [ProducesResponseType<HybridSearchResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    public async Task<ActionResult<HybridSearchResponse>> Search(HybridSearchRequest request, CancellationToken cancellationToken)
    {
        var hits = await search.SearchAsync(NamespaceAccess.ToRead(User, request.Namespace), request.Query, request.Limit, HybridSearchFilter.From(request.Filter), cancellationToken);
        return new HybridSearchResponse(hits.Select(h => new HybridSearchResult(h.Id, h.Score, h.Text, h.EventId.ToJsonNode(), h.ChunkIndex, h.Scores, h.Metadata)).ToList());
    }

    /// <summary>
    /// An answer built from the best passages (within the filter, as in <c>/hybrid/search</c>), with the citations it
    /// relies on, the model that made it and its token usage. With <c>stream: true</c>, <c>text/event-stream</c>:
    /// <c>delta</c> events as the model writes, then <c>fallback</c> (only when the fallback answered),
    /// <c>citations</c>, <c>usage</c> and <c>done</c>; a failure before the first delta is a problem response as usual.
    /// </summary>
    [HttpPost("generate")]
    [RateLimited(RateLimitPolicies.Generate)]
    [ProducesResponseType<GenerateResponse>(StatusCodes.Status200OK, "application/json", AnswerEventStream.ContentType)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status502BadGateway)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status503ServiceUnavailable)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status504GatewayTimeout)]
    public async Task<ActionResult<GenerateResponse>> Generate(GenerateRequest request, CancellationToken cancellationToken)
    {
        // Both forms answer from the very hits the search with this filter returns.
        var hits = await answers.SearchAsync(NamespaceAccess.ToRead(User, request.Namespace), request.Query, HybridSearchFilter.From(request.Filter), cancellationToken);
        if (request.Stream)
        {
            return await AnswerEventStream.StartAsync(answers.StreamFromAsync(request.Query, hits, cancellationToken), cancellationToken);
        }

        return GenerateResponse.From(await answers.AnswerFromAsync(request.Query, hits, cancellationToken));
    }
}
