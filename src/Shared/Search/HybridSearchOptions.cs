using System.ComponentModel.DataAnnotations;

namespace RagMemory.Search;

/// <summary>Weights of reciprocal rank fusion (bound from <c>HybridSearch</c>).</summary>
public sealed class HybridSearchOptions
{
    public const string SectionName = "HybridSearch";

    /// <summary>
    /// The RRF constant k in 1 / (k + rank); larger flattens the difference between ranks. 20 beat 60 and 10 on
    /// Cranfield (docs/performance.md).
    /// </summary>
    [Range(1, 1000)]
    public int RrfConstant { get; set; } = 20;

    /// <summary>1.5 against the vector's 1 measured best on Cranfield (docs/performance.md).</summary>
    [Range(0, 10)]
    public double KeywordWeight { get; set; } = 1.5;

    [Range(0, 10)]
    public double VectorWeight { get; set; } = 1.0;

    [Range(0, 10)]
    public double GraphWeight { get; set; } = 0.5;

    public FusionMethod Fusion { get; set; } = FusionMethod.ReciprocalRank;

    /// <summary>
    /// Fuse documents (events) rather than chunks: each signal ranks events by their best chunk, so a document found
    /// through one chunk by keywords and another by vectors gets both votes; results hold one chunk per event.
    /// </summary>
    public bool FuseByEvent { get; set; } = true;

    /// <summary>
    /// Candidates each signal contributes, as a multiple of the requested limit (at most 1000). Deeper lists let a
    /// document that both signals rank moderately well rise: 25 beat 4 and 10 on Cranfield (docs/performance.md).
    /// </summary>
    [Range(1, 50)]
    public int CandidateMultiplier { get; set; } = 25;
}
