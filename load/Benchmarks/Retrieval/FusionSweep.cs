using System.Globalization;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RagMemory.Evaluation;
using RagMemory.Graph;
using RagMemory.Ingestion;
using RagMemory.Keywords;
using RagMemory.Load.Hosting;
using RagMemory.Search;
using RagMemory.Vectors;

namespace RagMemory.Load.Retrieval;

/// <summary>
/// Runs the hybrid evaluation under several fusion settings over one ingested collection, each setting a fresh
/// <see cref="HybridSearchService"/> over the host's engines; query embeddings are computed once.
/// </summary>
public static class FusionSweep
{
    public static async Task<IReadOnlyList<(HybridSearchOptions Options, MetricMeans Means)>> RunAsync(
        BenchmarkHost host, EvaluationCollection collection, IEnumerable<HybridSearchOptions> settings)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(settings);
        var services = host.Services;
        using var embedder = new CachingEmbedder(services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>());
        var results = new List<(HybridSearchOptions, MetricMeans)>();
        foreach (var options in settings)
        {
            var search = new HybridSearchService(embedder, services.GetRequiredService<IChunkStore>(), services.GetRequiredService<IKeywordIndex>(),
                services.GetRequiredService<IGraphStore>(), services.GetRequiredService<IEventStore>(), Options.Create(options));
            var run = await RetrievalEvaluation.RunAsync(search, collection, Describe(options), null);
            results.Add((options, run.Score(collection)));
        }

        return results;
    }

    /// <summary>Every fusion setting, as the report and the sweep print it.</summary>
    public static string Describe(HybridSearchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        static string Depth(int? multiplier) => multiplier?.ToString(CultureInfo.InvariantCulture) ?? "=";
        return string.Create(CultureInfo.InvariantCulture,
            $"{options.Fusion} k={options.RrfConstant} kw={options.KeywordWeight} vec={options.VectorWeight} graph={options.GraphWeight} " +
            $"cand={options.CandidateMultiplier} (kw {Depth(options.KeywordCandidateMultiplier)}, vec {Depth(options.VectorCandidateMultiplier)}, graph {Depth(options.GraphCandidateMultiplier)}) " +
            $"prf={options.KeywordFeedbackTerms}x{options.KeywordFeedbackWeight} first-chunk={options.FirstChunkWeight} agreement={options.WeightByAgreement} byEvent={options.FuseByEvent} " +
            $"vfb={options.VectorFeedbackDocuments}x{options.VectorFeedbackWeight} fused-feedback={options.FeedbackFromFusion}x{options.FeedbackRounds} first-vector={options.FirstVectorListWeight} smooth={options.NeighbourSmoothing}@{options.NeighbourDepth}");
    }
}
