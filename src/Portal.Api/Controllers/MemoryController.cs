using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.AI;
using RagMemory.Api.Contracts;
using RagMemory.Errors;
using RagMemory.Api.RequestPolicies;
using RagMemory.Identity;
using RagMemory.Namespaces;
using RagMemory.RateLimiting;
using RagMemory.Vectors;

namespace RagMemory.Api.Controllers;

[ApiController]
[Route("memory")]
public sealed partial class MemoryController(IVectorStore vectors, IChunkStore chunks, MemorySearch memory, NamespaceCounts counts, IEmbeddingGenerator<string, Embedding<float>> embedder, ILogger<MemoryController> logger) : ControllerBase
{
    private const int MaxVectorsPerUpsert = 1000;

    /// <summary>Inserts or replaces vectors by id (string or integer ids round-trip unchanged).</summary>
    [HttpPost("upsert")]
    [RateLimited(RateLimitPolicies.Upsert)]
    [Authorize(Policy = Permissions.Write)]
    [ProducesResponseType<UpsertResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    public async Task<ActionResult<UpsertResponse>> Upsert(UpsertRequest request, CancellationToken cancellationToken)
    {
        var ns = NamespaceAccess.ToWrite(User, request.Namespace);
        if (request.Vectors is not { Count: > 0 and <= MaxVectorsPerUpsert })
        {
            throw new InvalidInputException("vectors", $"'vectors' must hold 1 to {MaxVectorsPerUpsert} entries.");
        }

        var records = request.Vectors.Select((v, i) => new VectorRecord(
            RecordId.FromJson(v.Id, $"vectors[{i}].id"),
            v.Vector ?? throw new InvalidInputException($"vectors[{i}].vector", $"'vectors[{i}].vector' is required."),
            v.Payload ?? [])).ToList();
        VectorChecks.Records(records, vectors.Dimensions, "vectors");
        await vectors.UpsertAsync(ns, records, cancellationToken);
        LogUpserted(logger, records.Count);
        return new UpsertResponse("ok", records.Count);
    }

    /// <summary>Nearest clients' vectors and ingested chunks to <c>query_vector</c>, or to the embedding of <c>query</c>.</summary>
    [HttpPost("search")]
    [RateLimited(RateLimitPolicies.Search)]
    [Authorize(Policy = Permissions.Read)]
    [ProducesResponseType<VectorSearchResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    public async Task<ActionResult<VectorSearchResponse>> Search(VectorSearchRequest request, CancellationToken cancellationToken)
    {
        var ns = NamespaceAccess.ToRead(User, request.Namespace);
        Guard.Limit(request.Limit);
        var filter = PayloadFilter.From(request.Filter);
        var query = request.QueryVector ?? await EmbedAsync(request.Query, cancellationToken);
        Guard.Vector(query, vectors.Dimensions, "query_vector");
        var hits = await memory.SearchAsync(ns, query, request.Limit, filter, cancellationToken);
        LogSearched(logger, hits.Count, request.Limit, filter is not null);
        return new VectorSearchResponse(hits.Select(h => new VectorSearchResult(h.Id.ToJsonNode(), h.Score, h.Payload, h.Source)).ToList());
    }

    /// <summary>
    /// The collections' shape and index state, and counts per namespace: of the one named, or of every known namespace
    /// the caller may read (those holding events, <c>default</c>, and those its grants name).
    /// </summary>
    [HttpPost("collection/info")]
    [RateLimited(RateLimitPolicies.Search)]
    [Authorize(Policy = Permissions.Read)]
    [ProducesResponseType<CollectionInfoResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
    public async Task<ActionResult<CollectionInfoResponse>> Info(CancellationToken cancellationToken, [FromQuery(Name = "namespace")] string? ns = null)
    {
        // A query parameter, as on the other reads that take no body: the seed's route has none.
        IReadOnlyList<MemoryNamespace> reported = ns is { } named
            ? [NamespaceAccess.ToRead(User, named)]
            : NamespaceAccess.Readable(User, [.. await counts.KnownAsync(cancellationToken), .. NamespaceAccess.Choices(User, write: false, [])]);
        var perNamespace = await counts.CountAsync(reported, cancellationToken);
        var (client, chunk) = (await vectors.GetInfoAsync(cancellationToken), await chunks.GetInfoAsync(cancellationToken));
        var (clientVectors, chunkCount) = (perNamespace.Sum(n => n.Vectors), perNamespace.Sum(n => n.Chunks));
        return new CollectionInfoResponse(clientVectors + chunkCount, client.Dimension, client.Distance, client.IndexState, client.Engine, clientVectors, chunkCount, chunk.IndexState, perNamespace);
    }

    private async Task<float[]> EmbedAsync(string? query, CancellationToken cancellationToken)
    {
        if (query is null)
        {
            throw new InvalidInputException("query_vector", "Give either 'query_vector' or 'query'.");
        }

        Guard.Text(query, 2000, "query");
        var embeddings = await embedder.GenerateAsync([query], cancellationToken: cancellationToken);
        return embeddings[0].Vector.ToArray();
    }

    [LoggerMessage(EventId = 4301, Level = LogLevel.Information, Message = "Upserted {Count} vectors")]
    private static partial void LogUpserted(ILogger logger, int count);

    [LoggerMessage(EventId = 4302, Level = LogLevel.Information, Message = "Vector search returned {Count} of {Limit} (filtered {Filtered})")]
    private static partial void LogSearched(ILogger logger, int count, int limit, bool filtered);
}
