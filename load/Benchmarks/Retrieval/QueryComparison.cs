using System.Globalization;
using System.Text;
using RagMemory.Evaluation;

namespace RagMemory.Load.Retrieval;

/// <summary>
/// Hybrid search against Lucene BM25 query by query (nDCG@10): how many queries it wins, ties and loses, and the
/// queries where it does worst, with every signal's figure beside them so a user sees which signal failed.
/// </summary>
public sealed record QueryComparison(int Wins, int Ties, int Losses, IReadOnlyList<QueryComparison.Row> Worst)
{
    /// <summary>A difference below this is a tie: nDCG values that differ only in rounding.</summary>
    private const double Tie = 1e-9;

    public sealed record Row(string QueryId, string Query, double Hybrid, double Lucene, IReadOnlyList<(string System, double Ndcg10)> Signals);

    /// <summary>Compares the hybrid run with Lucene's; <paramref name="signals"/> are shown beside the worst queries.</summary>
    public static QueryComparison Of(EvaluationCollection collection, RankedRun hybrid, RankedRun lucene, IReadOnlyList<RankedRun> signals, int worst = 10)
    {
        ArgumentNullException.ThrowIfNull(collection);
        ArgumentNullException.ThrowIfNull(hybrid);
        ArgumentNullException.ThrowIfNull(lucene);
        ArgumentNullException.ThrowIfNull(signals);
        var ours = hybrid.NdcgByQuery(collection);
        var theirs = lucene.NdcgByQuery(collection);
        var bySignal = signals.Select(s => (s.System, Ndcg: s.NdcgByQuery(collection))).ToList();
        var differences = collection.JudgedQueries.Select(q => (Query: q, Difference: ours[q.Id] - theirs[q.Id])).ToList();

        // Worst: the largest losses against Lucene first, then the lowest hybrid scores among the rest.
        var rows = differences
            .OrderBy(d => Math.Min(0, d.Difference))
            .ThenBy(d => ours[d.Query.Id])
            .Take(worst)
            .Select(d => new Row(d.Query.Id, d.Query.Text, ours[d.Query.Id], theirs[d.Query.Id], [.. bySignal.Select(s => (s.System, s.Ndcg[d.Query.Id]))]))
            .ToList();
        return new QueryComparison(
            differences.Count(d => d.Difference > Tie),
            differences.Count(d => Math.Abs(d.Difference) <= Tie),
            differences.Count(d => d.Difference < -Tie),
            rows);
    }

    /// <summary>A Markdown summary: the counts, then a table of the worst queries.</summary>
    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Per query against Lucene BM25 (nDCG@10): hybrid wins **{Wins}**, ties {Ties}, loses **{Losses}**.\n\n");
        if (Worst.Count == 0)
        {
            return text.ToString();
        }

        var signals = Worst[0].Signals.Select(s => s.System).ToList();
        text.Append("Where hybrid does worst (its largest losses against Lucene, then its lowest scores):\n\n");
        text.Append("| query | text | hybrid | Lucene | ").Append(string.Join(" | ", signals)).Append(" |\n");
        text.Append("|---|---|---:|---:|").Append(string.Concat(signals.Select(_ => "---:|"))).Append('\n');
        foreach (var row in Worst)
        {
            var query = Flatten(row.Query);
            text.Append(CultureInfo.InvariantCulture, $"| {row.QueryId} | {(query.Length > 70 ? query[..67] + "..." : query)} | {row.Hybrid:F3} | {row.Lucene:F3} | ");
            text.Append(string.Join(" | ", row.Signals.Select(s => s.Ndcg10.ToString("F3", CultureInfo.InvariantCulture)))).Append(" |\n");
        }

        return text.ToString();
    }

    private static string Flatten(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).Replace("|", "/", StringComparison.Ordinal);
}
