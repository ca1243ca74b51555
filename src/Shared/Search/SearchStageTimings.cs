namespace RagMemory.Search;

/// <summary>
/// Where one hybrid search spent its time. The signals run at once, so the stages overlap and <see cref="Total"/> (the
/// wall time) is less than their sum; a signal that was not queried took zero.
/// </summary>
public sealed record SearchStageTimings(TimeSpan Embedding, TimeSpan Vector, TimeSpan Keyword, TimeSpan Graph, TimeSpan Fusion, TimeSpan Total);
