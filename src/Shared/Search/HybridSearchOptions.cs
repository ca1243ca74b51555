using System.ComponentModel.DataAnnotations;

namespace RagMemory.Search;

/// <summary>Weights of reciprocal rank fusion (bound from <c>HybridSearch</c>).</summary>
public sealed class HybridSearchOptions
{
    public const string SectionName = "HybridSearch";

    /// <summary>The RRF constant k in 1 / (k + rank); larger flattens the difference between ranks.</summary>
    [Range(1, 1000)]
    public int RrfConstant { get; set; } = 60;

    [Range(0, 10)]
    public double KeywordWeight { get; set; } = 1.0;

    [Range(0, 10)]
    public double VectorWeight { get; set; } = 1.0;

    [Range(0, 10)]
    public double GraphWeight { get; set; } = 0.5;

    /// <summary>Candidates each signal contributes, as a multiple of the requested limit.</summary>
    [Range(1, 50)]
    public int CandidateMultiplier { get; set; } = 4;
}
