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

    /// <summary>The keyword signal's own candidate multiplier; unset, <see cref="CandidateMultiplier"/>.</summary>
    [Range(1, 50)]
    public int? KeywordCandidateMultiplier { get; set; }

    /// <summary>
    /// The vector signal's own candidate multiplier; null, <see cref="CandidateMultiplier"/>. 5: with feedback from the
    /// fused ranking, a short vector list beat 10 and 25 on Cranfield and MEDLINE, and costs less (docs/performance.md).
    /// </summary>
    [Range(1, 50)]
    public int? VectorCandidateMultiplier { get; set; } = 5;

    /// <summary>The graph signal's own candidate multiplier; unset, <see cref="CandidateMultiplier"/>.</summary>
    [Range(1, 50)]
    public int? GraphCandidateMultiplier { get; set; }

    /// <summary>
    /// Pseudo-relevance feedback on the keyword signal: this many terms of the best keyword hits (0 = none) are added to
    /// the query for a second keyword search, fused as one more list (<see cref="KeywordFeedback"/>).
    /// </summary>
    [Range(0, 50)]
    public int KeywordFeedbackTerms { get; set; }

    /// <summary>The feedback list's weight as a fraction of the keyword weight.</summary>
    [Range(0, 10)]
    public double KeywordFeedbackWeight { get; set; } = 0.5;

    /// <summary>
    /// How much more a keyword or vector hit on an event's first chunk (its title and opening) counts than one on a
    /// later chunk; 1 counts every chunk alike.
    /// </summary>
    [Range(0.1, 10)]
    public double FirstChunkWeight { get; set; } = 1;

    /// <summary>
    /// Weights each signal, per query, by how much its top events agree with the other signals' (1 + the share of its
    /// top 20 that another signal also ranks in its top 20): a signal that finds what no other finds counts less.
    /// </summary>
    public bool WeightByAgreement { get; set; }

    /// <summary>
    /// Pseudo-relevance feedback on the query vector: the stored vectors of this many first hits (0 = none) move the
    /// query towards them for a second vector search, whose hits replace the first (<see cref="VectorFeedback"/>).
    /// </summary>
    /// <remarks>3, taken from the fused ranking, helped on Cranfield and MEDLINE alike (docs/performance.md).</remarks>
    [Range(0, 50)]
    public int VectorFeedbackDocuments { get; set; } = 3;

    /// <summary>How far the feedback moves the query vector: q + this × the mean of the feedback vectors.</summary>
    [Range(0, 10)]
    public double VectorFeedbackWeight { get; set; } = 1.5;

    /// <summary>
    /// Take both feedbacks (keyword terms, query vector) from the fused first ranking instead of each signal's own
    /// hits: the signals search, are fused, the fused top documents give the feedback, and the signals with feedback
    /// search again and are fused anew.
    /// </summary>
    public bool FeedbackFromFusion { get; set; } = true;

    /// <summary>
    /// With <see cref="FeedbackFromFusion"/>, the first vector list is fused beside the feedback search's at this
    /// fraction of the vector weight (0: the feedback list replaces it).
    /// </summary>
    [Range(0, 10)]
    public double FirstVectorListWeight { get; set; }

    /// <summary>
    /// With <see cref="FeedbackFromFusion"/>, how many times the fused ranking gives feedback and the signals search
    /// again: a second round takes its feedback from the better ranking the first one made.
    /// </summary>
    [Range(1, 3)]
    public int FeedbackRounds { get; set; } = 1;

    /// <summary>
    /// Smoothing over document neighbours (0 = none): each of the fused top <see cref="NeighbourDepth"/> gains this ×
    /// the mean of cos(it, other) × the other's score (<see cref="NeighbourSmoothing"/>), and they are ranked again.
    /// </summary>
    /// <remarks>
    /// Off: alone, 0.5 over the top 30 helped on Cranfield and MEDLINE, but on top of vector feedback it hurt MEDLINE
    /// (docs/performance.md).
    /// </remarks>
    [Range(0, 100)]
    public double NeighbourSmoothing { get; set; }

    /// <summary>How many of the fused top documents smoothing compares and reorders.</summary>
    [Range(2, 100)]
    public int NeighbourDepth { get; set; } = 30;

    public int KeywordCandidates(int limit) => Candidates(limit, KeywordCandidateMultiplier);

    public int VectorCandidates(int limit) => Candidates(limit, VectorCandidateMultiplier);

    public int GraphCandidates(int limit) => Candidates(limit, GraphCandidateMultiplier);

    private int Candidates(int limit, int? multiplier) => Math.Min(HybridSearchService.MaxRankingDepth, limit * (multiplier ?? CandidateMultiplier));
}
