namespace RagMemory.Evaluation;

/// <summary>
/// Documents, queries and graded relevance judgements. <see cref="Gains"/> maps a query id to the gain of each judged
/// document (only gains above zero are kept); queries without any relevant document are not in it.
/// </summary>
public sealed record EvaluationCollection(
    string Name,
    IReadOnlyList<EvaluationDocument> Documents,
    IReadOnlyList<EvaluationQuery> Queries,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Gains)
{
    /// <summary>The queries that have at least one relevant document: the ones a metric can be computed for.</summary>
    public IReadOnlyList<EvaluationQuery> JudgedQueries => Queries.Where(q => Gains.ContainsKey(q.Id)).ToList();

    /// <summary>The documents with any text (Cranfield has two empty ones): what every system under test indexes.</summary>
    public IReadOnlyList<EvaluationDocument> IndexedDocuments => Documents.Where(d => !string.IsNullOrWhiteSpace(d.Text)).ToList();

    /// <summary>
    /// The first <paramref name="documents"/> documents in file order and the first <paramref name="queries"/> queries
    /// with a relevant document among them, judged against those documents only: a small run that still scores.
    /// </summary>
    public EvaluationCollection Sample(int documents, int queries)
    {
        var kept = Documents.Take(documents).ToList();
        var keptIds = kept.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        var gains = GroupGains(Gains.SelectMany(q => q.Value.Where(d => keptIds.Contains(d.Key)).Select(d => (q.Key, d.Key, d.Value))));
        var judged = Queries.Where(q => gains.ContainsKey(q.Id)).Take(queries).ToList();
        var judgedIds = judged.Select(q => q.Id).ToHashSet(StringComparer.Ordinal);
        return this with { Documents = kept, Queries = judged, Gains = gains.Where(g => judgedIds.Contains(g.Key)).ToDictionary(StringComparer.Ordinal) };
    }

    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> GroupGains(IEnumerable<(string QueryId, string DocumentId, int Gain)> judgements) =>
        judgements
            .Where(j => j.Gain > 0)
            .GroupBy(j => j.QueryId, StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g => (IReadOnlyDictionary<string, int>)g.GroupBy(j => j.DocumentId, StringComparer.Ordinal).ToDictionary(d => d.Key, d => d.Max(j => j.Gain), StringComparer.Ordinal),
                StringComparer.Ordinal);
}
