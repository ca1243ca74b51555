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

    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> GroupGains(IEnumerable<(string QueryId, string DocumentId, int Gain)> judgements) =>
        judgements
            .Where(j => j.Gain > 0)
            .GroupBy(j => j.QueryId, StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g => (IReadOnlyDictionary<string, int>)g.GroupBy(j => j.DocumentId, StringComparer.Ordinal).ToDictionary(d => d.Key, d => d.Max(j => j.Gain), StringComparer.Ordinal),
                StringComparer.Ordinal);
}
