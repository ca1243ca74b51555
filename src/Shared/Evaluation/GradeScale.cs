namespace RagMemory.Evaluation;

/// <summary>How the grade in a judgement line becomes a gain for nDCG.</summary>
public enum GradeScale
{
    /// <summary>The grade is the gain (BEIR, TREC): 0 or less is not relevant.</summary>
    Gain,

    /// <summary>
    /// Cranfield's scale, 1 = complete answer .. 4 = minimum interest: gain = 5 - grade (4, 3, 2, 1). Anything outside
    /// 1..4 (Cranfield's -1 "no relevance" lines, its unlisted 5) is not relevant.
    /// </summary>
    InverseOneToFour,
}
