using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using RagMemory.Errors;
using RagMemory.Graph;
using RagMemory.Keywords;
using RagMemory.Vectors;

namespace RagMemory.Search;

/// <summary>
/// Keyword, vector and graph retrieval over ingested chunks, fused by reciprocal rank fusion. The graph signal ranks
/// events that mention the query's entities; each such event contributes its best chunk found by the other signals,
/// or its first chunk.
/// </summary>
public sealed class HybridSearchService(
    IEmbeddingGenerator<string, Embedding<float>> embedder,
    IVectorStore vectors,
    IKeywordIndex keywords,
    IGraphStore graph,
    IOptions<HybridSearchOptions> options)
{
    private readonly HybridSearchOptions _options = options.Value;

    public async Task<IReadOnlyList<HybridHit>> SearchAsync(string? query, int limit, CancellationToken cancellationToken = default)
    {
        Guard.Text(query, 2000, "query");
        Guard.Limit(limit);
        var candidates = limit * _options.CandidateMultiplier;

        var queryVector = (await embedder.GenerateAsync([query!], cancellationToken: cancellationToken).ConfigureAwait(false))[0].Vector.ToArray();
        var vectorHits = (await vectors.SearchAsync(queryVector, Math.Min(100, candidates), cancellationToken: cancellationToken).ConfigureAwait(false))
            .Where(h => h.Payload.ContainsKey("event_id"))
            .ToList();
        var keywordHits = await keywords.SearchAsync(query!, candidates, cancellationToken).ConfigureAwait(false);
        var mentions = await graph.FindEventsMentioningAsync(EntityExtractor.QueryPhrases(query!), candidates, cancellationToken).ConfigureAwait(false);

        var fused = new Dictionary<string, Fused>();
        Fused Entry(string id, string text, RecordId eventId, int chunkIndex, JsonObject? metadata) =>
            fused.TryGetValue(id, out var existing) ? existing : fused[id] = new Fused(id, text, eventId, chunkIndex, metadata);

        for (var rank = 0; rank < keywordHits.Count; rank++)
        {
            var document = keywordHits[rank].Document;
            var entry = Entry(document.ChunkId, document.Text, document.EventId, document.ChunkIndex, null);
            entry.Keyword = keywordHits[rank].Score;
            entry.Score += _options.KeywordWeight / (_options.RrfConstant + rank + 1);
        }

        for (var rank = 0; rank < vectorHits.Count; rank++)
        {
            var hit = vectorHits[rank];
            var entry = Entry(hit.Id.ToString(), hit.Payload["text"]?.GetValue<string>() ?? string.Empty,
                RecordId.FromStoredJson(hit.Payload["event_id"]!.ToJsonString()), hit.Payload["chunk_index"]?.GetValue<int>() ?? 0,
                hit.Payload["metadata"] as JsonObject);
            entry.Vector = hit.Score;
            entry.Metadata ??= hit.Payload["metadata"] as JsonObject;
            entry.Score += _options.VectorWeight / (_options.RrfConstant + rank + 1);
        }

        await AddGraphSignalAsync(mentions, fused, Entry, cancellationToken).ConfigureAwait(false);

        return fused.Values
            .OrderByDescending(f => f.Score)
            .Take(limit)
            .Select(f => new HybridHit(f.Id, f.Score, f.Text, f.EventId, f.ChunkIndex, new SignalScores(f.Keyword, f.Vector, f.Graph), f.Metadata))
            .ToList();
    }

    private async Task AddGraphSignalAsync(
        IReadOnlyList<EventMention> mentions,
        Dictionary<string, Fused> fused,
        Func<string, string, RecordId, int, JsonObject?, Fused> entry,
        CancellationToken cancellationToken)
    {
        var missing = mentions.Where(m => !fused.Values.Any(f => f.EventId == m.EventId)).Select(m => m.EventId).ToList();
        var firstChunks = (await keywords.GetChunksAsync(missing, cancellationToken).ConfigureAwait(false))
            .GroupBy(d => d.EventId)
            .ToDictionary(g => g.Key, g => g.First());

        for (var rank = 0; rank < mentions.Count; rank++)
        {
            var mention = mentions[rank];
            var best = fused.Values.Where(f => f.EventId == mention.EventId).MaxBy(f => f.Score);
            if (best is null && firstChunks.TryGetValue(mention.EventId, out var first))
            {
                best = entry(first.ChunkId, first.Text, first.EventId, first.ChunkIndex, null);
            }

            if (best is not null)
            {
                best.Graph = mention.Score;
                best.Score += _options.GraphWeight / (_options.RrfConstant + rank + 1);
            }
        }
    }

    private sealed class Fused(string id, string text, RecordId eventId, int chunkIndex, JsonObject? metadata)
    {
        public string Id { get; } = id;
        public string Text { get; } = text;
        public RecordId EventId { get; } = eventId;
        public int ChunkIndex { get; } = chunkIndex;
        public JsonObject? Metadata { get; set; } = metadata;
        public double Score { get; set; }
        public double? Keyword { get; set; }
        public double? Vector { get; set; }
        public double? Graph { get; set; }
    }
}
