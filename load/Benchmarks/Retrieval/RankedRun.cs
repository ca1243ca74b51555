using RagMemory.Evaluation;

namespace RagMemory.Load.Retrieval;

/// <summary>
/// The ranked document ids of one system for every judged query: <see cref="Top"/> as a user asking for 10 results
/// gets them (scored by nDCG@10 and MRR@10) and <see cref="Deep"/> down to 100 documents (scored by Recall@100).
/// </summary>
public sealed record RankedRun(string System, IReadOnlyDictionary<string, IReadOnlyList<string>> Top, IReadOnlyDictionary<string, IReadOnlyList<string>> Deep)
{
    public const int TopDepth = 10;
    public const int RankingDepth = 100;

    /// <summary>nDCG@10 of each judged query.</summary>
    public IReadOnlyDictionary<string, double> NdcgByQuery(EvaluationCollection collection)
    {
        ArgumentNullException.ThrowIfNull(collection);
        return collection.JudgedQueries.ToDictionary(q => q.Id, q => RetrievalMetrics.NdcgAt(TopDepth, Top.GetValueOrDefault(q.Id) ?? [], collection.Gains[q.Id]), StringComparer.Ordinal);
    }

    public MetricMeans Score(EvaluationCollection collection)
    {
        ArgumentNullException.ThrowIfNull(collection);
        var queries = collection.JudgedQueries;
        double ndcg = 0, mrr = 0, recall = 0;
        foreach (var query in queries)
        {
            var gains = collection.Gains[query.Id];
            var top = Top.GetValueOrDefault(query.Id) ?? [];
            ndcg += RetrievalMetrics.NdcgAt(TopDepth, top, gains);
            mrr += RetrievalMetrics.ReciprocalRankAt(TopDepth, top, gains);
            recall += RetrievalMetrics.RecallAt(RankingDepth, Deep.GetValueOrDefault(query.Id) ?? [], gains);
        }

        var count = Math.Max(1, queries.Count);
        return new MetricMeans(System, ndcg / count, mrr / count, recall / count, queries.Count);
    }
}
