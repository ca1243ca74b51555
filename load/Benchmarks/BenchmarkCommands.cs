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

namespace RagMemory.Load;

/// <summary>
/// <c>cranfield</c>: the whole benchmark, writing docs/performance.md; <c>eval</c>: retrieval quality on any SMART or
/// BEIR collection; <c>vectors</c>, <c>ingest</c>: one part alone; <c>tune</c>: a sweep over fusion settings.
/// Options naming a configuration key (<c>--HybridSearch:RrfConstant 30</c>) configure the host under test.
/// </summary>
public static class BenchmarkCommands
{
    public const string CranfieldCommand = "dotnet run -c Release --project load/Benchmarks -- cranfield";

    private const string Usage = """
        usage: dotnet run -c Release --project load/Benchmarks -- <command> [options]
          cranfield [--data DIR] [--vectors 100000] [--vector-queries 500] [--report FILE]
              the whole benchmark on Cranfield (default DIR: ../shared/data/cranfield from the repository root); writes docs/performance.md
          eval --format smart|beir --path DIR [--qrels FILE] [--grades inverse|gain] [--keep-data DIR]
              nDCG@10, MRR@10, Recall@100 of each search mode and Lucene BM25 on your collection
          vectors [--data DIR] [--vectors 100000] [--vector-queries 500]
          ingest [--data DIR] [--texts 400]
          tune [--data DIR] [--keep-data DIR] [--k 10,20] [--kw 1,1.5] [--vec 1] [--graph 0.5] [--cand 4,25] [--by-event true] [--fusion ReciprocalRank,NormalizedScores]
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
            default:
                Console.WriteLine(Usage);
                return command.Command is "help" or "--help" ? 0 : 2;
        }
    }

    private static async Task CranfieldAsync(CommandLine command)
    {
        var started = Stopwatch.GetTimestamp();
        var when = DateTimeOffset.UtcNow;
        var machine = MachineDescription.Current();
        var collection = ReadCranfield(command);
        var documents = collection.IndexedDocuments;
        using var host = new BenchmarkHost(command.Settings);
        var report = new PerformanceReport();

        Console.WriteLine($"ingesting {documents.Count} texts: bare embedder and POST /ingest/, block by block ...");
        var (throughput, textVectors) = await IngestionComparison.RunAsync(host, documents);
        Console.WriteLine($"  ingestion {throughput.Ratio:F3} x the bare embedder");

        Console.WriteLine("retrieval quality ...");
        var (results, lucene, hybrid, vector) = await EvaluateAsync(host, collection);

        Console.WriteLine("latency by stage ...");
        var search = host.Services.GetRequiredService<HybridSearchService>();
        var latency = await LatencyBreakdown.MeasureAsync(search, collection.JudgedQueries.Select(q => q.Text).ToList());

        Console.WriteLine("vector index ...");
        var embedder = host.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
        var queryVectors = (await embedder.GenerateAsync(collection.Queries.Select(q => q.Text))).Select(e => e.Vector.ToArray()).ToList();
        var (vectorResults, shape) = VectorComparison.Run(textVectors, queryVectors, command.GetInt("vectors", 100_000), command.GetInt("vector-queries", 500));

        var options = host.Services.GetRequiredService<IOptions<HybridSearchOptions>>().Value;
        var embedding = host.Services.GetRequiredService<IOptions<EmbeddingOptions>>().Value;
        var commandText = args(command);
        report.Header(commandText, machine, Stopwatch.GetElapsedTime(started), when);
        report.Retrieval(collection.Name, documents.Count, collection.JudgedQueries.Count, results, lucene, hybrid, vector, Settings(options, embedding));
        report.Vectors(vectorResults, shape);
        report.Ingestion(throughput, embedding.BatchSize);
        report.Latency(latency);
        var path = command.Get("report") ?? RepositoryPaths.PerformanceReport;
        report.WriteTo(path);
        Console.WriteLine($"wrote {path}");

        static string args(CommandLine command) => command.Settings.Count == 0 && command.Get("data") is null && command.Get("vectors") is null
            ? CranfieldCommand
            : CranfieldCommand + " " + string.Join(' ', Environment.GetCommandLineArgs().Skip(2));
    }

    private static async Task EvalAsync(CommandLine command)
    {
        var path = command.Get("path") ?? throw new ArgumentException("eval needs --path DIR.");
        var collection = (command.Get("format") ?? "beir").ToLowerInvariant() switch
        {
            "smart" => SmartCollectionReader.ReadFolder(path, command.Get("grades") == "gain" ? GradeScale.Gain : GradeScale.InverseOneToFour),
            "beir" => BeirCollectionReader.ReadFolder(path, command.Get("qrels")),
            var other => throw new ArgumentException($"Unknown format '{other}': smart or beir."),
        };
        Console.WriteLine($"{collection.Name}: {collection.IndexedDocuments.Count} documents, {collection.Queries.Count} queries, {collection.JudgedQueries.Count} judged");
        using var host = new BenchmarkHost(command.Settings, command.Get("keep-data"));
        await EnsureIngestedAsync(host, collection);
        var (results, lucene, _, _) = await EvaluateAsync(host, collection);
        Console.WriteLine();
        Console.WriteLine("| system | nDCG@10 | MRR@10 | Recall@100 | nDCG@10 / Lucene |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            Console.WriteLine($"| {r.System} | {r.Ndcg10:F4} | {r.Mrr10:F4} | {r.Recall100:F4} | {r.Ndcg10 / lucene.Ndcg10:F3} |");
        }
    }

    private static async Task VectorsAsync(CommandLine command)
    {
        var collection = ReadCranfield(command);
        using var host = new BenchmarkHost(command.Settings);
        var embedder = host.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
        var texts = (await embedder.GenerateAsync(collection.IndexedDocuments.Take(command.GetInt("texts", 600)).Select(d => d.Text))).Select(e => e.Vector.ToArray()).ToList();
        var queries = (await embedder.GenerateAsync(collection.Queries.Select(q => q.Text))).Select(e => e.Vector.ToArray()).ToList();
        var (results, shape) = VectorComparison.Run(texts, queries, command.GetInt("vectors", 100_000), command.GetInt("vector-queries", 500));
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
        var (throughput, _) = await IngestionComparison.RunAsync(host, collection.IndexedDocuments.Take(command.GetInt("texts", 400)).ToList());
        Console.WriteLine($"{throughput.Texts} texts ({throughput.Chunks} chunks): embedder {throughput.RawTextsPerSecond:F2}/s, POST /ingest/ until searchable {throughput.IngestTextsPerSecond:F2}/s: {throughput.Ratio:F3} x");
    }

    private static async Task TuneAsync(CommandLine command)
    {
        var collection = ReadCranfield(command);
        using var host = new BenchmarkHost(command.Settings, command.Get("keep-data"));
        await EnsureIngestedAsync(host, collection);
        using var lucene = new LuceneBm25(collection.IndexedDocuments);
        var reference = RetrievalEvaluation.RunLucene(lucene, collection).Score(collection);
        Console.WriteLine($"{reference.System,-50} nDCG@10 {reference.Ndcg10:F4}  MRR@10 {reference.Mrr10:F4}  R@100 {reference.Recall100:F4}");
        foreach (var (options, r) in await FusionSweep.RunAsync(host, collection, TuningGrid.From(command)))
        {
            Console.WriteLine($"{FusionSweep.Describe(options),-50} nDCG@10 {r.Ndcg10:F4}  MRR@10 {r.Mrr10:F4}  R@100 {r.Recall100:F4}  ({r.Ndcg10 / reference.Ndcg10:F3}x)");
        }
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

        return SmartCollectionReader.ReadFolder(folder, GradeScale.InverseOneToFour);
    }

    private static async Task EnsureIngestedAsync(BenchmarkHost host, EvaluationCollection collection)
    {
        var done = (await host.Services.GetRequiredService<IIngestionQueue>().GetCountsAsync()).Done;
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
