using RagMemory.Search;

namespace RagMemory.Load.Retrieval;

/// <summary>Per-stage latency of hybrid search at p50 and p99, over every query of a collection at a typical limit.</summary>
public sealed record LatencyBreakdown(int Searches, IReadOnlyList<(string Stage, double P50Ms, double P99Ms)> Stages)
{
    public static async Task<LatencyBreakdown> MeasureAsync(HybridSearchService search, IReadOnlyList<string> queries, int limit = 10)
    {
        ArgumentNullException.ThrowIfNull(search);
        ArgumentNullException.ThrowIfNull(queries);
        await search.RankAsync(queries[0], limit, null);
        var timings = new List<SearchStageTimings>(queries.Count);
        foreach (var query in queries)
        {
            timings.Add((await search.RankAsync(query, limit, null)).Timings);
        }

        (string, double, double) Stage(string name, Func<SearchStageTimings, TimeSpan> pick)
        {
            var values = timings.Select(t => pick(t).TotalMilliseconds).ToList();
            return (name, Percentiles.Of(values, 0.50), Percentiles.Of(values, 0.99));
        }

        return new LatencyBreakdown(timings.Count,
        [
            Stage("embedding the query", t => t.Embedding),
            Stage("vector (HNSW + payloads)", t => t.Vector),
            Stage("keyword (FTS5 bm25)", t => t.Keyword),
            Stage("graph (entities + expansion)", t => t.Graph),
            Stage("fusion (RRF + roll-up)", t => t.Fusion),
            Stage("total", t => t.Total),
        ]);
    }
}
