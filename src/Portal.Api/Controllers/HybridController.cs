using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using RagMemory.Answers;
using RagMemory.Api.Contracts;
using RagMemory.Api.RequestPolicies;
using RagMemory.Identity;
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
        var hits = await search.SearchAsync(request.Query, request.Limit, HybridSearchFilter.From(request.Filter), cancellationToken);
        return new HybridSearchResponse(hits.Select(h => new HybridSearchResult(h.Id, h.Score, h.Text, h.EventId.ToJsonNode(), h.ChunkIndex, h.Scores, h.Metadata)).ToList());
    }

    /// <summary>
    /// An answer built from the best passages (within the filter, as in <c>/hybrid/search</c>), with the citations it
    /// relies on and the model that made it.
    /// </summary>
    [HttpPost("generate")]
    [RateLimited(RateLimitPolicies.Generate)]
    [ProducesResponseType<GenerateResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    public async Task<ActionResult<GenerateResponse>> Generate(GenerateRequest request, CancellationToken cancellationToken)
    {
        var answer = await answers.AnswerAsync(request.Query, HybridSearchFilter.From(request.Filter), cancellationToken);
        return new GenerateResponse(answer.Text, answer.Citations.Select(c => new CitationResponse(c.Number, c.EventId.ToJsonNode(), c.ChunkId, c.Text)).ToList(), answer.Model);
    }
}
