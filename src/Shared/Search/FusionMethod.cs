namespace RagMemory.Search;

/// <summary>How hybrid search combines its signals.</summary>
public enum FusionMethod
{
    /// <summary>Σ weight / (k + rank): only ranks count, so no signal's score scale can dominate.</summary>
    ReciprocalRank,

    /// <summary>
    /// Σ weight × score min-max normalised within that signal's candidates (0 where a signal did not find the hit):
    /// how far ahead a hit is counts, not only its place.
    /// </summary>
    NormalizedScores,

    /// <summary>
    /// CombSUM of the two above: the reciprocal rank score and the normalised-score sum, each divided by its best
    /// value among the candidates, added. Ranks keep one signal's scale from dominating; scores keep the margins.
    /// </summary>
    RankAndScore,
}
