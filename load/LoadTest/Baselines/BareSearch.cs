using System.Diagnostics;
using RagMemory.LoadTest.Measuring;
using RagMemory.LoadTest.Scenarios;
using RagMemory.Vectors.Embedded;

namespace RagMemory.LoadTest.Baselines;

/// <summary>
/// The ceiling of vector search: the same USearch index file the portal saved, loaded in this process with the
/// portal's default search expansion, searched in a closed loop by <c>threads</c> threads (top 10, random unit queries
/// made before timing). Run it pinned to one core to compare with the API pinned to one core.
/// </summary>
public static class BareSearch
{
    public const string Endpoint = "hnsw_bare_search";

    public static EndpointSummary Run(HnswIndex index, int threads, TimeSpan duration, int seed)
    {
        ArgumentNullException.ThrowIfNull(index);
        var random = new Random(seed);
        var queries = Enumerable.Range(0, 1000).Select(_ => RandomVectors.Unit(random, index.Dimensions)).ToArray();
        foreach (var query in queries.Take(100))
        {
            index.Search(query, 10);
        }

        var stats = new EndpointStats(Endpoint, "none");
        var clock = Stopwatch.StartNew();
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, thread =>
        {
            for (var q = thread; clock.Elapsed < duration; q++)
            {
                var sentAt = clock.Elapsed;
                index.Search(queries[q % queries.Length], 10);
                stats.Record(sentAt, clock.Elapsed - sentAt, 200, false);
            }
        });
        return stats.Summarise(clock.Elapsed);
    }
}
