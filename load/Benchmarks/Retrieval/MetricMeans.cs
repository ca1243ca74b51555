namespace RagMemory.Load.Retrieval;

/// <summary>Means over the judged queries of one system.</summary>
public sealed record MetricMeans(string System, double Ndcg10, double Mrr10, double Recall100, int Queries);
