using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using RagMemory.Load;
using RagMemory.Load.Hosting;
using RagMemory.Load.Retrieval;
using RagMemory.Logging;
using RagMemory.RateLimiting;

namespace RagMemory.Tests.Benchmarks;

/// <summary>
/// The README's benchmark commands, run in process on a slice of Cranfield and, when it is beside the repository, of MEDLINE (the first 50 documents and
/// 10 queries judged against them), so that a change cannot break them unseen. They check that each command runs to the end and
/// that its figures are in range, never how fast anything was: the shared machine's load decides that.
/// </summary>
public sealed class BenchmarkSmokeTests
{
    private const int Documents = 50;
    private const int Queries = 10;

    /// <summary>
    /// MEDLINE is not committed (its source states no licence), so this run points at an empty folder for it: the
    /// command must still measure Cranfield, as on a machine without MEDLINE. The MEDLINE run is the next test.
    /// </summary>
    [Fact]
    public async Task Cranfield_on_a_slice_runs_to_the_end_and_writes_its_figures()
    {
        var report = Path.Combine(Path.GetTempPath(), $"ragmemory-performance-{Guid.NewGuid():N}.md");
        var noMedline = Directory.CreateTempSubdirectory("ragmemory-no-medline-").FullName;
        try
        {
            // 30 texts timed against the bare embedder, the other 20 ingested untimed, as the full run does with 300.
            var run = await BenchmarkCommands.CranfieldAsync(Command("cranfield", "--data", CollectionFolder(BenchmarkCollection.Cranfield), "--medline", noMedline, "--ingest-texts", "30", "--vectors", "2000", "--vector-queries", "50", "--report", report));

            Assert.Equal(["cranfield"], run.Retrieval.Select(r => r.Collection));
            Assert.All(run.Retrieval, AssertInRange);
            Assert.Equal(30, run.Ingestion.Texts);
            Assert.True(run.Ingestion.IngestTextsPerSecond > 0 && run.Ingestion.Ratio > 0 && run.Ingestion.ChunkRatio > 0, $"ingestion throughput {run.Ingestion}");
            Assert.Equal(["float32", "bfloat16"], run.Vectors.Select(v => v.Storage));
            Assert.All(run.Vectors, v => Assert.InRange(v.RecallAt10, 0.5, 1));
            Assert.Equal(Queries, run.Latency.Searches);
            Assert.All(run.Latency.Stages, s => Assert.True(s.P50Ms >= 0 && s.P99Ms >= s.P50Ms, $"{s.Stage}: p50 {s.P50Ms}, p99 {s.P99Ms}"));

            var text = await File.ReadAllTextAsync(report);
            Assert.Contains(PerformanceReport.StartMarker, text, StringComparison.Ordinal);
            Assert.Contains(PerformanceReport.EndMarker, text, StringComparison.Ordinal);
            Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"rate limits lifted to {BenchmarkHost.PermitLimit} per 60 s window for all policies"), text, StringComparison.Ordinal);
            Assert.Contains("## Hybrid search latency by stage", text, StringComparison.Ordinal);
            Assert.DoesNotContain("## Retrieval quality: medline", text, StringComparison.Ordinal);
            Assert.Contains("Per query against Lucene BM25", text, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(report);
            Directory.Delete(noMedline);
        }
    }

    [Fact]
    public async Task Eval_then_tune_on_its_kept_ingestion_score_above_zero()
    {
        var kept = Path.Combine(Path.GetTempPath(), "ragmemory-bench", Guid.NewGuid().ToString("N"));
        try
        {
            var eval = await BenchmarkCommands.EvalAsync(Command("eval", "--format", "smart", "--path", CollectionFolder(BenchmarkCollection.Cranfield), "--grades", "inverse", "--keep-data", kept));
            AssertInRange(eval);

            // tune reuses eval's ingestion and sweeps two settings of the query-side changes over it.
            var tune = await BenchmarkCommands.TuneAsync(Command("tune", "--data", CollectionFolder(BenchmarkCollection.Cranfield), "--keep-data", kept, "--k", "10,20", "--prf", "0,5"));
            Assert.Equal([(10, 0), (10, 5), (20, 0), (20, 5)], tune.Select(t => (t.Options.RrfConstant, t.Options.KeywordFeedbackTerms)));
            Assert.All(tune, t => Assert.True(t.Means.Ndcg10 > 0 && t.Means.Ndcg10 <= 1, $"{t.Means}"));
        }
        finally
        {
            DeleteQuietly(kept);
        }
    }

    [MedlineFact]
    public async Task Eval_on_medline_by_name_scores_and_compares_every_query_with_lucene()
    {
        var eval = await BenchmarkCommands.EvalAsync(Command("eval", "--collection", "medline"));

        Assert.Equal("medline", eval.Collection);
        AssertInRange(eval);
        Assert.Equal(Queries, eval.PerQuery.Wins + eval.PerQuery.Ties + eval.PerQuery.Losses);
        Assert.Equal(Queries, eval.PerQuery.Worst.Count);
        Assert.All(eval.PerQuery.Worst, w => Assert.Equal(RetrievalEvaluation.Modes.Count - 1, w.Signals.Count));
        Assert.Contains("| query | text | hybrid | Lucene |", eval.PerQuery.ToMarkdown(), StringComparison.Ordinal);
    }

    [Fact]
    public void Graph_layout_times_every_size_up_to_the_cap()
    {
        var rows = RagMemory.Load.Portal.GraphLayoutBenchmark.Run(repetitions: 1);

        Assert.Equal([50, 100, 200, 300], rows.Select(r => r.Nodes));
        Assert.All(rows, r => Assert.True(r.Relationships > 0 && r.FirstMs > 0 && r.ExpansionMs > 0, $"{r}"));
    }

    [Fact]
    public async Task The_benchmark_host_lifts_every_rate_limit_and_logs_only_warnings()
    {
        using var host = new BenchmarkHost(new Dictionary<string, string?>());

        // Signing in logs the handler's start and success at Information, which must not reach any sink.
        using var client = await host.CreateAdminClientAsync();

        var limits = host.Services.GetRequiredService<RateLimitRegistry>().Snapshot();
        Assert.Equal(RateLimitPolicies.All, limits.Select(l => l.Name));
        Assert.All(limits, l => Assert.Equal(BenchmarkHost.PermitLimit, l.PermitLimit));
        var belowWarning = host.Services.GetRequiredService<LogRingBuffer>().Query(new LogQuery())
            .Where(r => r.Level is "Verbose" or "Debug" or "Information")
            .Select(r => $"{r.Level} {r.SourceContext}: {r.Message}");
        Assert.Empty(belowWarning);
    }

    /// <summary>The command with its slice options, as the command line would give them.</summary>
    private static CommandLine Command(string name, params string[] options) =>
        new([name, .. options, "--documents", Documents.ToString(CultureInfo.InvariantCulture), "--queries", Queries.ToString(CultureInfo.InvariantCulture)]);

    private static void AssertInRange(CollectionRetrieval retrieval)
    {
        Assert.Equal(["Lucene.Net BM25 (EnglishAnalyzer)", .. RetrievalEvaluation.Modes.Select(m => m.Name)], retrieval.Results.Select(r => r.System));
        Assert.All(retrieval.Results, r =>
        {
            Assert.Equal(Queries, r.Queries);
            Assert.InRange(r.Ndcg10, 0, 1);
            Assert.InRange(r.Mrr10, 0, 1);
            Assert.InRange(r.Recall100, 0, 1);
        });

        // Graph only finds nothing on these lower-case collections (ingestion extracts names, not keyphrases); every other system must find something.
        Assert.All(retrieval.Results.Where(r => !r.System.StartsWith("graph", StringComparison.Ordinal)), r => Assert.True(r.Ndcg10 > 0, $"{retrieval.Collection} {r.System}: nDCG@10 {r.Ndcg10}"));
    }

    /// <summary>CI lays the collections out at ../shared/data/NAME beside the clone; without them these tests must fail, not skip.</summary>
    private static string CollectionFolder(BenchmarkCollection collection)
    {
        var folder = collection.DefaultFolder;
        Assert.True(
            File.Exists(Path.Combine(folder, collection.RequiredFile)),
            $"The {collection.Name} collection is missing: the benchmark smoke tests need it in SMART format ({collection.RequiredFile} and its queries and judgements) in {folder} (../shared/data/{collection.Name} beside the repository).");
        return folder;
    }

    private static void DeleteQuietly(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // The host's disposal may still be saving its vector index there; a temporary folder left behind is harmless.
        }
    }
}
