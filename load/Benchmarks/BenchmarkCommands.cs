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
          cranfield [--data DIR] [--medline DIR] [--ingest-texts 300] [--vectors 100000] [--vector-queries 500] [--report FILE]
              the whole benchmark on Cranfield, with retrieval quality on MEDLINE too (default DIRs: ../shared/data/cranfield
              and ../shared/data/medline from the repository root); writes docs/performance.md
          eval --collection cranfield|medline | --format smart|beir --path DIR [--qrels FILE] [--grades inverse|gain] [--keep-data DIR]
              nDCG@10, MRR@10, Recall@100 of each search mode and Lucene BM25 on your collection, and hybrid against
              Lucene query by query (wins, losses, the worst queries)
          vectors [--data DIR] [--keep-data DIR (use its stored vectors)] [--texts 600] [--vectors 100000] [--vector-queries 500] [--hnsw M:efAdd:efSearch,...]
          ingest [--data DIR] [--texts 400]
          tune [--collection cranfield|medline] [--data DIR] [--keep-data DIR] [--rebuild-graph [--keyphrases]] [--k 10,20] [--kw 1,1.5] [--vec 1] [--graph 0.5] [--cand 4,25]
              [--kw-cand 0,50] [--vec-cand 0,50] [--graph-cand 0,50] (0: as --cand) [--prf 0,10] [--prf-weight 0.5] [--first-chunk 1,1.5]
              [--agreement false,true] [--by-event true] [--fusion ReciprocalRank,NormalizedScores,RankAndScore]
              [--vfb 0,5] [--vfb-weight 0.5,1] (vector feedback: first hits, weight) [--fused-feedback false,true] [--rounds 1,2] [--first-vector 0,0.5]
              [--smooth 0,0.5] [--smooth-depth 20] (neighbour smoothing: weight, fused top documents)
              [--latency true] (then each setting's search latency by stage, alternating in two rounds)
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
        var collection = ReadCollection(command, BenchmarkCollection.Cranfield);
        // MEDLINE is not in the repository (its source states no licence), so a machine without it still gets the
        // Cranfield figures and is told what is missing.
        var medlineFolder = command.Get("medline") ?? BenchmarkCollection.Medline.DefaultFolder;
        var medline = BenchmarkCollection.Medline.IsIn(medlineFolder) ? Sample(command, BenchmarkCollection.Medline.Read(medlineFolder)) : null;
        if (medline is null)
        {
            Console.WriteLine($"no MEDLINE at {medlineFolder} (MED.ALL): retrieval is measured on Cranfield only; docs/performance.md says where MEDLINE comes from");
        }

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
        var cranfield = await EvaluateAsync(host, collection);
        Print(cranfield);

        // A second collection, in a host of its own so that neither index holds the other's texts.
        CollectionRetrieval? second = null;
        if (medline is not null)
        {
            Console.WriteLine($"retrieval quality on {medline.Name}: ingesting {medline.IndexedDocuments.Count} texts ...");
            using var medlineHost = new BenchmarkHost(command.Settings);
            await CollectionIngestion.IngestAsync(medlineHost, medline.IndexedDocuments);
            second = await EvaluateAsync(medlineHost, medline);
            Print(second);
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
        report.Retrieval(cranfield, BenchmarkCollection.Cranfield.GradesDescription, Settings(options, embedding));
        if (second is not null)
        {
            report.Retrieval(second, BenchmarkCollection.Medline.GradesDescription, Settings(options, embedding));
        }

        report.Vectors(vectorResults, shape);
        report.Ingestion(throughput, embedding.BatchSize);
        report.Latency(latency);
        var path = command.Get("report") ?? RepositoryPaths.PerformanceReport;
        report.WriteTo(path);
        Console.WriteLine($"wrote {path}");
        return new CranfieldRun(second is null ? [cranfield] : [cranfield, second], throughput, vectorResults, latency, rateLimits, path);
    }

    /// <summary>Retrieval quality of each search mode and of Lucene BM25 (first) on any SMART or BEIR collection, and per query.</summary>
    public static async Task<CollectionRetrieval> EvalAsync(CommandLine command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var collection = command.Get("collection") is { } name
            ? ReadCollection(command, BenchmarkCollection.Named(name))
            : Sample(command, (command.Get("format") ?? "beir").ToLowerInvariant() switch
            {
                "smart" => SmartCollectionReader.ReadFolder(PathOf(command), command.Get("grades") == "gain" ? GradeScale.Gain : GradeScale.InverseOneToFour),
                "beir" => BeirCollectionReader.ReadFolder(PathOf(command), command.Get("qrels")),
                var other => throw new ArgumentException($"Unknown format '{other}': smart or beir."),
            });
        Console.WriteLine($"{collection.Name}: {collection.IndexedDocuments.Count} documents, {collection.Queries.Count} queries, {collection.JudgedQueries.Count} judged");
        using var host = new BenchmarkHost(command.Settings, command.Get("keep-data"));
        Console.WriteLine(host.DescribeRateLimits());
        await EnsureIngestedAsync(host, collection);
        var retrieval = await EvaluateAsync(host, collection);
        Console.WriteLine();
        Console.WriteLine("| system | nDCG@10 | MRR@10 | Recall@100 | nDCG@10 / Lucene |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var r in retrieval.Results)
        {
            Console.WriteLine($"| {r.System} | {r.Ndcg10:F4} | {r.Mrr10:F4} | {r.Recall100:F4} | {r.Ndcg10 / retrieval.Lucene.Ndcg10:F3} |");
        }

        Console.WriteLine();
        Console.WriteLine(retrieval.PerQuery.ToMarkdown());
        return retrieval;
    }

    private static string PathOf(CommandLine command) => command.Get("path") ?? throw new ArgumentException("eval needs --collection NAME or --path DIR.");

    private static void Print(CollectionRetrieval retrieval)
    {
        foreach (var r in retrieval.Results)
        {
            Console.WriteLine($"  {r.System,-40} nDCG@10 {r.Ndcg10:F4}  MRR@10 {r.Mrr10:F4}  R@100 {r.Recall100:F4}  ({r.Ndcg10 / retrieval.Lucene.Ndcg10:F3} x Lucene)");
        }

        Console.WriteLine($"  per query against Lucene: {retrieval.PerQuery.Wins} wins, {retrieval.PerQuery.Ties} ties, {retrieval.PerQuery.Losses} losses");
    }

    private static async Task VectorsAsync(CommandLine command)
    {
        var collection = ReadCollection(command, BenchmarkCollection.Cranfield);
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
        var collection = ReadCollection(command, BenchmarkCollection.Cranfield);
        using var host = new BenchmarkHost(command.Settings);
        Console.WriteLine(host.DescribeRateLimits());
        var (throughput, _) = await IngestionComparison.RunAsync(host, collection.IndexedDocuments.Take(command.GetInt("texts", 400)).ToList());
        Console.WriteLine($"{throughput.Texts} texts ({throughput.Chunks} chunks): embedder {throughput.RawTextsPerSecond:F2}/s, embedder on their chunks {throughput.RawChunksTextsPerSecond:F2}/s, POST /ingest/ until searchable {throughput.IngestTextsPerSecond:F2}/s: {throughput.Ratio:F3} x texts, {throughput.ChunkRatio:F3} x chunks");
    }

    /// <summary>Hybrid search's quality under every fusion setting of the grid, over one ingestion.</summary>
    public static async Task<IReadOnlyList<(HybridSearchOptions Options, MetricMeans Means)>> TuneAsync(CommandLine command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var collection = ReadCollection(command, BenchmarkCollection.Cranfield);
        using var host = new BenchmarkHost(command.Settings, command.Get("keep-data"));
        Console.WriteLine(host.DescribeRateLimits());
        await EnsureIngestedAsync(host, collection);
        if (command.Get("rebuild-graph") == "true")
        {
            // Re-extracts every document's graph as ingestion does (with keyphrases, which ingestion leaves out, when
            // asked), so that an extractor change is measured over a kept ingestion without embedding everything again.
            var graph = host.Services.GetRequiredService<RagMemory.Graph.IGraphStore>();
            foreach (var document in collection.IndexedDocuments)
            {
                var id = RecordId.FromString(document.Id);
                await graph.DeleteEventGraphAsync(RagMemory.Namespaces.MemoryNamespace.Default, id);
                var extracted = RagMemory.Graph.EntityExtractor.Extract(document.Text);
                if (command.Get("keyphrases") == "true")
                {
                    extracted = extracted with { Phrases = RagMemory.Graph.KeyphraseExtractor.Extract(document.Text) };
                }

                await graph.MergeEventGraphAsync(RagMemory.Namespaces.MemoryNamespace.Default, id, extracted);
            }

            Console.WriteLine($"re-extracted the graph of {collection.IndexedDocuments.Count} documents");
        }

        using var lucene = new LuceneBm25(collection.IndexedDocuments);
        var reference = RetrievalEvaluation.RunLucene(lucene, collection).Score(collection);
        Console.WriteLine($"{reference.System,-50} nDCG@10 {reference.Ndcg10:F4}  MRR@10 {reference.Mrr10:F4}  R@100 {reference.Recall100:F4}");
        var sweep = await FusionSweep.RunAsync(host, collection, TuningGrid.From(command));
        foreach (var (options, r) in sweep)
        {
            Console.WriteLine($"{FusionSweep.Describe(options),-50} nDCG@10 {r.Ndcg10:F4}  MRR@10 {r.Mrr10:F4}  R@100 {r.Recall100:F4}  ({r.Ndcg10 / reference.Ndcg10:F3}x)");
        }

        if (command.Get("latency") == "true")
        {
            // Each setting's search latency with the real embedder, the settings alternating in two rounds so that the
            // machine's load falls on all of them alike: compare them within a round.
            var services = host.Services;
            var queries = collection.JudgedQueries.Select(q => q.Text).ToList();
            for (var round = 1; round <= 2; round++)
            {
                foreach (var (options, _) in sweep)
                {
                    var search = new HybridSearchService(services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>(), services.GetRequiredService<RagMemory.Vectors.IChunkStore>(),
                        services.GetRequiredService<RagMemory.Keywords.IKeywordIndex>(), services.GetRequiredService<RagMemory.Graph.IGraphStore>(), services.GetRequiredService<IEventStore>(), Options.Create(options));
                    var latency = await LatencyBreakdown.MeasureAsync(search, queries);
                    Console.WriteLine($"latency round {round}: {FusionSweep.Describe(options)}: " + string.Join(", ", latency.Stages.Select(st => $"{st.Stage} p50 {st.P50Ms:F2} / p99 {st.P99Ms:F2} ms")));
                }
            }
        }

        return sweep;
    }

    private static async Task<CollectionRetrieval> EvaluateAsync(BenchmarkHost host, EvaluationCollection collection)
    {
        var search = host.Services.GetRequiredService<HybridSearchService>();
        using var lucene = new LuceneBm25(collection.IndexedDocuments);
        var reference = RetrievalEvaluation.RunLucene(lucene, collection);
        var runs = new List<RankedRun>();
        foreach (var (name, weights) in RetrievalEvaluation.Modes)
        {
            runs.Add(await RetrievalEvaluation.RunAsync(search, collection, name, weights));
        }

        var perQuery = QueryComparison.Of(collection, runs[^1], reference, runs[..^1]);
        return new CollectionRetrieval(collection.Name, collection.IndexedDocuments.Count, collection.JudgedQueries.Count, [reference.Score(collection), .. runs.Select(r => r.Score(collection))], perQuery);
    }

    /// <summary>The collection <c>--collection</c> names (else <paramref name="fallback"/>), from <c>--data DIR</c> or its default folder, sampled.</summary>
    private static EvaluationCollection ReadCollection(CommandLine command, BenchmarkCollection fallback)
    {
        var collection = command.Get("collection") is { } name ? BenchmarkCollection.Named(name) : fallback;
        return Sample(command, collection.Read(command.Get("data")));
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
        $"chunks of {embedding.ChunkTokens} word pieces with {embedding.ChunkOverlapTokens} overlap; {FusionSweep.Describe(options)}; " +
        $"fused by {(options.FuseByEvent ? "document" : "chunk")}";
}
