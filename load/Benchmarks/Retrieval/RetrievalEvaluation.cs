using RagMemory.Evaluation;
using RagMemory.Search;

namespace RagMemory.Load.Retrieval;

/// <summary>
/// Runs every judged query of a collection through hybrid search in each mode (one signal alone, or all fused) and
/// rolls the ranked chunks up to documents at their best chunk: once asking for 10 results, as a user would, and once
/// deep enough for 100 documents.
/// </summary>
public static class RetrievalEvaluation
{
    /// <summary>Chunks asked for per query: enough to fill the top 100 documents when documents have several chunks.</summary>
    public const int ChunkDepth = 300;

    public static IReadOnlyList<(string Name, SignalWeights? Weights)> Modes { get; } =
    [
        ("keyword only (FTS5 BM25)", SignalWeights.KeywordOnly),
        ("vector only (MiniLM + HNSW)", SignalWeights.VectorOnly),
        ("graph only", SignalWeights.GraphOnly),
        ("hybrid (configured fusion)", null),
    ];

    public static async Task<RankedRun> RunAsync(HybridSearchService search, EvaluationCollection collection, string name, SignalWeights? weights)
    {
        ArgumentNullException.ThrowIfNull(search);
        ArgumentNullException.ThrowIfNull(collection);
        var top = new Dictionary<string, IReadOnlyList<string>>();
        var deep = new Dictionary<string, IReadOnlyList<string>>();
        foreach (var query in collection.JudgedQueries)
        {
            top[query.Id] = await RankDocumentsAsync(search, query.Text, RankedRun.TopDepth, weights);
            deep[query.Id] = (await RankDocumentsAsync(search, query.Text, ChunkDepth, weights)).Take(RankedRun.RankingDepth).ToList();
        }

        return new RankedRun(name, top, deep);
    }

    public static RankedRun RunLucene(LuceneBm25 lucene, EvaluationCollection collection)
    {
        ArgumentNullException.ThrowIfNull(lucene);
        ArgumentNullException.ThrowIfNull(collection);
        var ranked = collection.JudgedQueries.ToDictionary(q => q.Id, q => lucene.Search(q.Text, RankedRun.RankingDepth));
        return new RankedRun("Lucene.Net BM25 (EnglishAnalyzer)", ranked, ranked);
    }

    private static async Task<IReadOnlyList<string>> RankDocumentsAsync(HybridSearchService search, string query, int chunks, SignalWeights? weights) =>
        DocumentRollup.ByBestChunk((await search.RankAsync(query, chunks, weights)).Hits.Select(h => h.EventId.ToString()));
}
