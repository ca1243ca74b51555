namespace RagMemory.Search;

/// <summary>The fused hits of one search and the time each stage took.</summary>
public sealed record HybridRanking(IReadOnlyList<HybridHit> Hits, SearchStageTimings Timings);
