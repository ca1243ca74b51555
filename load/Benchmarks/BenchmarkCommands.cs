using Microsoft.Extensions.DependencyInjection;
using RagMemory.Evaluation;
using RagMemory.Load.Hosting;
using RagMemory.Load.Retrieval;
using RagMemory.Search;

namespace RagMemory.Load;

public static class BenchmarkCommands
{
    public static async Task<int> Main(string[] args)
    {
        var command = new CommandLine(args);
        switch (command.Command)
        {
            case "retrieval":
                await RetrievalAsync(command);
                return 0;
            default:
                Console.WriteLine("usage: cranfield | eval | vectors | ingest");
                return 2;
        }
    }

    private static async Task RetrievalAsync(CommandLine command)
    {
        var collection = SmartCollectionReader.ReadFolder(command.Get("data") ?? RepositoryPaths.DefaultCranfield, GradeScale.InverseOneToFour);
        Console.WriteLine($"{collection.Name}: {collection.Documents.Count} documents, {collection.Queries.Count} queries, {collection.JudgedQueries.Count} judged");
        using var host = new BenchmarkHost(command.Settings);
        var elapsed = await CollectionIngestion.IngestAsync(host, collection.IndexedDocuments);
        Console.WriteLine($"ingested in {elapsed.TotalSeconds:F1} s");
        var search = host.Services.GetRequiredService<HybridSearchService>();
        using var lucene = new LuceneBm25(collection.IndexedDocuments);
        var results = new List<MetricMeans> { RetrievalEvaluation.RunLucene(lucene, collection).Score(collection) };
        foreach (var (name, weights) in RetrievalEvaluation.Modes)
        {
            results.Add((await RetrievalEvaluation.RunAsync(search, collection, name, weights)).Score(collection));
        }

        foreach (var r in results)
        {
            Console.WriteLine($"{r.System,-40} nDCG@10 {r.Ndcg10:F4}  MRR@10 {r.Mrr10:F4}  R@100 {r.Recall100:F4}  ({r.Ndcg10 / results[0].Ndcg10:F3}x)");
        }
    }
}
