namespace RagMemory.Search;

/// <summary>Where one hybrid search spent its time; a signal that was not queried took zero.</summary>
public sealed record SearchStageTimings(TimeSpan Embedding, TimeSpan Vector, TimeSpan Keyword, TimeSpan Graph, TimeSpan Fusion)
{
    public TimeSpan Total => Embedding + Vector + Keyword + Graph + Fusion;
}
