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
}
