namespace RagMemory.Evaluation;

/// <summary>
/// Ranking metrics over a ranked list of document ids and the graded gains of the relevant ones.
/// nDCG uses linear gains and a log2(rank + 1) discount, as trec_eval does; a document counts as relevant when its gain is above zero.
/// </summary>
public static class RetrievalMetrics
{
    public static double NdcgAt(int k, IReadOnlyList<string> ranked, IReadOnlyDictionary<string, int> gains)
    {
        ArgumentNullException.ThrowIfNull(ranked);
        ArgumentNullException.ThrowIfNull(gains);
        var dcg = 0.0;
        for (var i = 0; i < Math.Min(k, ranked.Count); i++)
        {
            dcg += gains.GetValueOrDefault(ranked[i]) / Math.Log2(i + 2);
        }

        var ideal = gains.Values.Where(g => g > 0).OrderByDescending(g => g).Take(k).Select((g, i) => g / Math.Log2(i + 2)).Sum();
        return ideal == 0 ? 0 : dcg / ideal;
    }

    public static double ReciprocalRankAt(int k, IReadOnlyList<string> ranked, IReadOnlyDictionary<string, int> gains)
    {
        ArgumentNullException.ThrowIfNull(ranked);
        ArgumentNullException.ThrowIfNull(gains);
        for (var i = 0; i < Math.Min(k, ranked.Count); i++)
        {
            if (gains.GetValueOrDefault(ranked[i]) > 0)
            {
                return 1.0 / (i + 1);
            }
        }

        return 0;
    }

    public static double RecallAt(int k, IReadOnlyList<string> ranked, IReadOnlyDictionary<string, int> gains)
    {
        ArgumentNullException.ThrowIfNull(ranked);
        ArgumentNullException.ThrowIfNull(gains);
        var relevant = gains.Count(g => g.Value > 0);
        return relevant == 0 ? 0 : (double)ranked.Take(k).Distinct(StringComparer.Ordinal).Count(id => gains.GetValueOrDefault(id) > 0) / relevant;
    }
}
