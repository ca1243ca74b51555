using System.Diagnostics;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RagMemory.Embeddings;
using RagMemory.Evaluation;
using RagMemory.Ingestion;
using RagMemory.Load.Hosting;
using RagMemory.Load.Ingestion;
using RagMemory.Load.Retrieval;
using RagMemory.Load.Vectors;
using RagMemory.Search;
using RagMemory.Vectors.Embedded;

namespace RagMemory.Load;

/// <summary>
/// <c>cranfield</c>: the whole benchmark, writing docs/performance.md; <c>eval</c>: retrieval quality on any SMART or
/// BEIR collection; <c>vectors</c>, <c>ingest</c>: one part alone; <c>tune</c>: a sweep over fusion settings;
/// <c>graph-layout</c>: the portal's graph layout time.
/// Options naming a configuration key (<c>--HybridSearch:RrfConstant 30</c>) configure the host under test.
/// </summary>
public static class BenchmarkCommands
{
    public const string CranfieldCommand = "dotnet run -c Release --project load/Benchmarks -- cranfield";

    private const string Usage = """
        usage: dotnet run -c Release --project load/Benchmarks -- <command> [options]
          cranfield [--data DIR] [--ingest-texts 300] [--vectors 100000] [--vector-queries 500] [--report FILE]
              the whole benchmark on Cranfield (default DIR: ../shared/data/cranfield from the repository root); writes docs/performance.md
          eval --format smart|beir --path DIR [--qrels FILE] [--grades inverse|gain] [--keep-data DIR]
              nDCG@10, MRR@10, Recall@100 of each search mode and Lucene BM25 on your collection
          vectors [--data DIR] [--keep-data DIR (use its stored vectors)] [--texts 600] [--vectors 100000] [--vector-queries 500] [--hnsw M:efAdd:efSearch,...]
          ingest [--data DIR] [--texts 400]
          tune [--data DIR] [--keep-data DIR] [--k 10,20] [--kw 1,1.5] [--vec 1] [--graph 0.5] [--cand 4,25] [--by-event true] [--fusion ReciprocalRank,NormalizedScores]
          graph-layout [--repetitions 15]
              the graph page's layout time at 50-300 nodes (first layout and an expansion by 20)
          any command reading a collection: --documents N --queries N for a small run: its first N documents and the
              first N queries judged against them
          any command: --Section:Key value sets a configuration key of the host under test
        """;

    public static async Task<int> Main(string[] args)
    {
        var command = new CommandLine(args);
        switch (command.Command)
        {
            case "cranfield":
                await CranfieldAsync(command);
                return 0;
            case "eval":
                await EvalAsync(command);
                return 0;
            case "vectors":
                await VectorsAsync(command);
                return 0;
            case "ingest":
                await IngestAsync(command);
                return 0;
            case "tune":
                await TuneAsync(command);
                return 0;
            case "graph-layout":
                Portal.GraphLayoutBenchmark.Run(command.GetInt("repetitions", 15));
                return 0;
            default:
                Console.WriteLine(Usage);
                return command.Command is "help" or "--help" ? 0 : 2;
        }
    }

    /// <summary>The whole benchmark: writes the report (docs/performance.md unless <c>--report FILE</c>) and returns its figures.</summary>
    public static async Task<CranfieldRun> CranfieldAsync(CommandLine command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var started = Stopwatch.GetTimestamp();
        var when = DateTimeOffset.UtcNow;
        var machine = MachineDescription.Current();
        var collection = ReadCranfield(command);
        var documents = collection.IndexedDocuments;
        using var host = new BenchmarkHost(command.Settings);
        var rateLimits = host.DescribeRateLimits();
        Console.WriteLine(rateLimits);
        var report = new PerformanceReport();

        var timedTexts = Math.Min(documents.Count, command.GetInt("ingest-texts", 300));
        Console.WriteLine($"ingesting {timedTexts} texts through the bare embedder and POST /ingest/, block by block ...");
        var (throughput, _) = await IngestionComparison.RunAsync(host, documents.Take(timedTexts).ToList());
        Console.WriteLine($"  ingestion {throughput.Ratio:F3} x the embedder on the texts, {throughput.ChunkRatio:F3} x on their chunks");
        Console.WriteLine($"ingesting the other {documents.Count - timedTexts} texts ...");
        await CollectionIngestion.IngestAsync(host, documents.Skip(timedTexts).ToList());

        Console.WriteLine("retrieval quality ...");
        var (results, lucene, hybrid, vector) = await EvaluateAsync(host, collection);
        foreach (var r in results)
        {
            Console.WriteLine($"  {r.System,-40} nDCG@10 {r.Ndcg10:F4}  MRR@10 {r.Mrr10:F4}  R@100 {r.Recall100:F4}  ({r.Ndcg10 / lucene.Ndcg10:F3} x Lucene)");
        }

        Console.WriteLine("latency by stage ...");
        var search = host.Services.GetRequiredService<HybridSearchService>();
        var latency = await LatencyBreakdown.MeasureAsync(search, collection.JudgedQueries.Select(q => q.Text).ToList());

        Console.WriteLine("vector index ...");
        var embedder = host.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
        var queryVectors = (await embedder.GenerateAsync(collection.Queries.Select(q => q.Text))).Select(e => e.Vector.ToArray()).ToList();
        var chunkVectors = StoredVectors.ReadAll(host.Services.GetRequiredService<RagMemory.Storage.SqliteDatabase>());
        var (vectorResults, shape) = VectorComparison.Run(chunkVectors, queryVectors, command.GetInt("vectors", 100_000), command.GetInt("vector-queries", 500));
        foreach (var r in vectorResults)
        {
            Console.WriteLine($"  {r.Storage}: recall@10 {r.RecallAt10:F4}, {r.SpeedUp:F1} x faster than exact, {r.BytesPerVector:F0} bytes/vector");
        }

        var options = host.Services.GetRequiredService<IOptions<HybridSearchOptions>>().Value;
        var embedding = host.Services.GetRequiredService<IOptions<EmbeddingOptions>>().Value;
        var commandText = command.Options.Count == 0 ? CranfieldCommand : $"{CranfieldCommand} {string.Join(' ', command.Options)}";
        report.Header(commandText, machine, Stopwatch.GetElapsedTime(started), when, rateLimits);
        report.Retrieval(collection.Name, documents.Count, collection.JudgedQueries.Count, results, lucene, hybrid, vector, Settings(options, embedding));
        report.Vectors(vectorResults, shape);
        report.Ingestion(throughput, embedding.BatchSize);
        report.Latency(latency);
        var path = command.Get("report") ?? RepositoryPaths.PerformanceReport;
        report.WriteTo(path);
        Console.WriteLine($"wrote {path}");
        return new CranfieldRun(results, throughput, vectorResults, latency, rateLimits, path);
    }

    /// <summary>Retrieval quality of each search mode and of Lucene BM25 (first) on any SMART or BEIR collection.</summary>
    public static async Task<IReadOnlyList<MetricMeans>> EvalAsync(CommandLine command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var path = command.Get("path") ?? throw new ArgumentException("eval needs --path DIR.");
        var collection = Sample(command, (command.Get("format") ?? "beir").ToLowerInvariant() switch
        {
            "smart" => SmartCollectionReader.ReadFolder(path, command.Get("grades") == "gain" ? GradeScale.Gain : GradeScale.InverseOneToFour),
            "beir" => BeirCollectionReader.ReadFolder(path, command.Get("qrels")),
            var other => throw new ArgumentException($"Unknown format '{other}': smart or beir."),
        });
        Console.WriteLine($"{collection.Name}: {collection.IndexedDocuments.Count} documents, {collection.Queries.Count} queries, {collection.JudgedQueries.Count} judged");
        using var host = new BenchmarkHost(command.Settings, command.Get("keep-data"));
        Console.WriteLine(host.DescribeRateLimits());
        await EnsureIngestedAsync(host, collection);
        var (results, lucene, _, _) = await EvaluateAsync(host, collection);
        Console.WriteLine();
        Console.WriteLine("| system | nDCG@10 | MRR@10 | Recall@100 | nDCG@10 / Lucene |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            Console.WriteLine($"| {r.System} | {r.Ndcg10:F4} | {r.Mrr10:F4} | {r.Recall100:F4} | {r.Ndcg10 / lucene.Ndcg10:F3} |");
        }

        return results;
    }

    private static async Task VectorsAsync(CommandLine command)
    {
        var collection = ReadCranfield(command);
        using var host = new BenchmarkHost(command.Settings, command.Get("keep-data"));
        var embedder = host.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
        var texts = StoredVectors.ReadAll(host.Services.GetRequiredService<RagMemory.Storage.SqliteDatabase>());
        if (texts.Count == 0)
        {
            texts = (await embedder.GenerateAsync(collection.IndexedDocuments.Take(command.GetInt("texts", 600)).Select(d => d.Text))).Select(e => e.Vector.ToArray()).ToList();
        }

        var queries = (await embedder.GenerateAsync(collection.Queries.Select(q => q.Text))).Select(e => e.Vector.ToArray()).ToList();
        var variants = command.Get("hnsw")?.Split(',').Select(v => v.Split(':').Select(int.Parse).ToArray()).Select(p => new HnswSettings(p[0], p[1], p[2])).ToList();
        var (results, shape) = VectorComparison.Run(texts, queries, command.GetInt("vectors", 100_000), command.GetInt("vector-queries", 500), variants);
        Console.WriteLine(shape);
        foreach (var r in results)
        {
            Console.WriteLine($"{r.Storage}: recall@10 {r.RecallAt10:F4}, HNSW {r.HnswMeanMs:F3} ms, exact {r.ExactMeanMs:F3} ms, {r.SpeedUp:F1} x, {r.BytesPerVector:F0} bytes/vector, built in {r.BuildSeconds:F1} s");
        }
    }

    private static async Task IngestAsync(CommandLine command)
    {
        var collection = ReadCranfield(command);
        using var host = new BenchmarkHost(command.Settings);
        Console.WriteLine(host.DescribeRateLimits());
        var (throughput, _) = await IngestionComparison.RunAsync(host, collection.IndexedDocuments.Take(command.GetInt("texts", 400)).ToList());
        Console.WriteLine($"{throughput.Texts} texts ({throughput.Chunks} chunks): embedder {throughput.RawTextsPerSecond:F2}/s, embedder on their chunks {throughput.RawChunksTextsPerSecond:F2}/s, POST /ingest/ until searchable {throughput.IngestTextsPerSecond:F2}/s: {throughput.Ratio:F3} x texts, {throughput.ChunkRatio:F3} x chunks");
    }

    /// <summary>Hybrid search's quality under every fusion setting of the grid, over one ingestion.</summary>
    public static async Task<IReadOnlyList<(HybridSearchOptions Options, MetricMeans Means)>> TuneAsync(CommandLine command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var collection = ReadCranfield(command);
        using var host = new BenchmarkHost(command.Settings, command.Get("keep-data"));
        Console.WriteLine(host.DescribeRateLimits());
        await EnsureIngestedAsync(host, collection);
        using var lucene = new LuceneBm25(collection.IndexedDocuments);
        var reference = RetrievalEvaluation.RunLucene(lucene, collection).Score(collection);
        Console.WriteLine($"{reference.System,-50} nDCG@10 {reference.Ndcg10:F4}  MRR@10 {reference.Mrr10:F4}  R@100 {reference.Recall100:F4}");
        var sweep = await FusionSweep.RunAsync(host, collection, TuningGrid.From(command));
        foreach (var (options, r) in sweep)
        {
            Console.WriteLine($"{FusionSweep.Describe(options),-50} nDCG@10 {r.Ndcg10:F4}  MRR@10 {r.Mrr10:F4}  R@100 {r.Recall100:F4}  ({r.Ndcg10 / reference.Ndcg10:F3}x)");
        }

        return sweep;
    }

    private static async Task<(List<MetricMeans> Results, MetricMeans Lucene, MetricMeans Hybrid, MetricMeans Vector)> EvaluateAsync(BenchmarkHost host, EvaluationCollection collection)
    {
        var search = host.Services.GetRequiredService<HybridSearchService>();
        using var lucene = new LuceneBm25(collection.IndexedDocuments);
        var reference = RetrievalEvaluation.RunLucene(lucene, collection).Score(collection);
        var results = new List<MetricMeans> { reference };
        foreach (var (name, weights) in RetrievalEvaluation.Modes)
        {
            results.Add((await RetrievalEvaluation.RunAsync(search, collection, name, weights)).Score(collection));
        }

        return (results, reference, results[^1], results.Single(r => r.System.StartsWith("vector", StringComparison.Ordinal)));
    }

    private static EvaluationCollection ReadCranfield(CommandLine command)
    {
        var folder = command.Get("data") ?? RepositoryPaths.DefaultCranfield;
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"No collection at {folder}; pass --data DIR (Cranfield in SMART format).");
        }

        return Sample(command, SmartCollectionReader.ReadFolder(folder, GradeScale.InverseOneToFour));
    }

    /// <summary>The collection, or its small sample when <c>--documents</c> or <c>--queries</c> is given.</summary>
    private static EvaluationCollection Sample(CommandLine command, EvaluationCollection collection) =>
        command.Get("documents") is null && command.Get("queries") is null
            ? collection
            : collection.Sample(command.GetInt("documents", int.MaxValue), command.GetInt("queries", int.MaxValue));

    private static async Task EnsureIngestedAsync(BenchmarkHost host, EvaluationCollection collection)
    {
        var done = (await host.Services.GetRequiredService<IEventStore>().GetCountsAsync(RagMemory.Namespaces.MemoryNamespace.Default)).Done;
        if (done >= collection.IndexedDocuments.Count)
        {
            Console.WriteLine($"reusing {done} ingested documents in {host.DataDirectory}");
            return;
        }

        var elapsed = await CollectionIngestion.IngestAsync(host, collection.IndexedDocuments);
        Console.WriteLine($"ingested in {elapsed.TotalSeconds:F1} s");
    }

    private static string Settings(HybridSearchOptions options, EmbeddingOptions embedding) =>
        $"chunks of {embedding.ChunkTokens} word pieces with {embedding.ChunkOverlapTokens} overlap; {options.Fusion} fusion, k = {options.RrfConstant}, " +
        $"weights keyword {options.KeywordWeight}, vector {options.VectorWeight}, graph {options.GraphWeight}; {options.CandidateMultiplier} × limit candidates per signal; " +
        $"fused by {(options.FuseByEvent ? "document" : "chunk")}";
}
