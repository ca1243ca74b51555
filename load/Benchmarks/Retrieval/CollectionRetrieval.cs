namespace RagMemory.Load.Retrieval;

/// <summary>
/// Retrieval quality on one collection: Lucene BM25 first in <see cref="Results"/>, then each search mode with hybrid
/// last, and hybrid against Lucene query by query.
/// </summary>
public sealed record CollectionRetrieval(string Collection, int Documents, int Queries, IReadOnlyList<MetricMeans> Results, QueryComparison PerQuery)
{
    public MetricMeans Lucene => Results[0];

    public MetricMeans Hybrid => Results[^1];

    public MetricMeans Vector => Results.Single(r => r.System.StartsWith("vector", StringComparison.Ordinal));

    public MetricMeans Graph => Results.Single(r => r.System.StartsWith("graph", StringComparison.Ordinal));
}
