using RagMemory.Evaluation;

namespace RagMemory.Load.Retrieval;

/// <summary>The ranked document ids of one system for every judged query, and the metrics they earn.</summary>
public sealed record RankedRun(string System, IReadOnlyDictionary<string, IReadOnlyList<string>> Rankings)
{
    public const int RankingDepth = 100;

    public MetricMeans Score(EvaluationCollection collection)
    {
        ArgumentNullException.ThrowIfNull(collection);
        var queries = collection.JudgedQueries;
        double ndcg = 0, mrr = 0, recall = 0;
        foreach (var query in queries)
        {
            var ranked = Rankings.GetValueOrDefault(query.Id) ?? [];
            var gains = collection.Gains[query.Id];
            ndcg += RetrievalMetrics.NdcgAt(10, ranked, gains);
            mrr += RetrievalMetrics.ReciprocalRankAt(10, ranked, gains);
            recall += RetrievalMetrics.RecallAt(RankingDepth, ranked, gains);
        }

        var count = Math.Max(1, queries.Count);
        return new MetricMeans(System, ndcg / count, mrr / count, recall / count, queries.Count);
    }
}
