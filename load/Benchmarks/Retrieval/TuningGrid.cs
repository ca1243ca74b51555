using System.Globalization;
using RagMemory.Search;

namespace RagMemory.Load.Retrieval;

/// <summary>Every combination of the comma-separated values given for each fusion setting (<c>--k 10,60 --kw 1,1.5 --prf 0,10</c>).</summary>
public static class TuningGrid
{
    public static IReadOnlyList<HybridSearchOptions> From(CommandLine command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var defaults = new HybridSearchOptions();
        string[] Values(string name, object fallback) =>
            (command.Get(name) ?? Convert.ToString(fallback, CultureInfo.InvariantCulture)!).Split(',', StringSplitOptions.TrimEntries);
        static double Number(string value) => double.Parse(value, CultureInfo.InvariantCulture);

        // 0 leaves a signal at the common multiplier.
        static int? Multiplier(string value) => (int)Number(value) is > 0 and var m ? m : null;

        return (from k in Values("k", defaults.RrfConstant)
                from kw in Values("kw", defaults.KeywordWeight)
                from vec in Values("vec", defaults.VectorWeight)
                from graph in Values("graph", defaults.GraphWeight)
                from cand in Values("cand", defaults.CandidateMultiplier)
                from kwCand in Values("kw-cand", defaults.KeywordCandidateMultiplier ?? 0)
                from vecCand in Values("vec-cand", defaults.VectorCandidateMultiplier ?? 0)
                from graphCand in Values("graph-cand", defaults.GraphCandidateMultiplier ?? 0)
                from prf in Values("prf", defaults.KeywordFeedbackTerms)
                from prfWeight in Values("prf-weight", defaults.KeywordFeedbackWeight)
                from firstChunk in Values("first-chunk", defaults.FirstChunkWeight)
                from agreement in Values("agreement", defaults.WeightByAgreement)
                from byEvent in Values("by-event", defaults.FuseByEvent)
                from fusion in Values("fusion", defaults.Fusion)
                from vfb in Values("vfb", defaults.VectorFeedbackDocuments)
                from vfbWeight in Values("vfb-weight", defaults.VectorFeedbackWeight)
                from fusedFeedback in Values("fused-feedback", defaults.FeedbackFromFusion)
                from rounds in Values("rounds", defaults.FeedbackRounds)
                from firstVector in Values("first-vector", defaults.FirstVectorListWeight)
                from smooth in Values("smooth", defaults.NeighbourSmoothing)
                from smoothDepth in Values("smooth-depth", defaults.NeighbourDepth)
                select new HybridSearchOptions
                {
                    KeywordCandidateMultiplier = Multiplier(kwCand),
                    VectorCandidateMultiplier = Multiplier(vecCand),
                    GraphCandidateMultiplier = Multiplier(graphCand),
                    KeywordFeedbackTerms = (int)Number(prf),
                    KeywordFeedbackWeight = Number(prfWeight),
                    FirstChunkWeight = Number(firstChunk),
                    WeightByAgreement = bool.Parse(agreement),
                    RrfConstant = (int)Number(k),
                    KeywordWeight = Number(kw),
                    VectorWeight = Number(vec),
                    GraphWeight = Number(graph),
                    CandidateMultiplier = (int)Number(cand),
                    FuseByEvent = bool.Parse(byEvent),
                    Fusion = Enum.Parse<FusionMethod>(fusion, ignoreCase: true),
                    VectorFeedbackDocuments = (int)Number(vfb),
                    VectorFeedbackWeight = Number(vfbWeight),
                    FeedbackFromFusion = bool.Parse(fusedFeedback),
                    FeedbackRounds = (int)Number(rounds),
                    FirstVectorListWeight = Number(firstVector),
                    NeighbourSmoothing = Number(smooth),
                    NeighbourDepth = (int)Number(smoothDepth),
                }).ToList();
    }
}
