using System.Diagnostics;
using Cloud.Unum.USearch;
using RagMemory.Vectors;
using RagMemory.Vectors.Embedded;

namespace RagMemory.Load.Vectors;

/// <summary>
/// HNSW (USearch, as <see cref="HnswIndex"/> configures it) against exact search over the same vectors and queries:
/// recall@10 and per-query latency, each query timed on both back to back, so machine noise hits both alike.
/// </summary>
public static class VectorBenchmark
{
    public static VectorIndexResult Measure(float[][] vectors, float[][] queries, ScalarKind storage, string name, HnswSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        ArgumentNullException.ThrowIfNull(queries);
        var dimensions = vectors[0].Length;
        var build = Stopwatch.StartNew();
        using var index = HnswIndex.Create(dimensions, storage, settings);
        for (var i = 0; i < vectors.Length; i++)
        {
            index.Upsert((ulong)i, vectors[i]);
        }

        var buildSeconds = build.Elapsed.TotalSeconds;
        var bytesPerVector = SavedBytes(index) / (double)vectors.Length;
        var exact = new ExactSearch(vectors);

        // Warm both paths before timing.
        foreach (var query in queries.Take(20))
        {
            index.Search(query, 10);
            exact.Search(query, 10);
        }

        var hnswTimes = new double[queries.Length];
        var exactTimes = new double[queries.Length];
        var recall = 0.0;
        for (var q = 0; q < queries.Length; q++)
        {
            var started = Stopwatch.GetTimestamp();
            var approximate = index.Search(queries[q], 10);
            hnswTimes[q] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;

            started = Stopwatch.GetTimestamp();
            var truth = exact.Search(queries[q], 10);
            exactTimes[q] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;

            recall += approximate.Select(h => h.Key).Intersect(truth).Count() / 10.0;
        }

        return new VectorIndexResult(name, vectors.Length, recall / queries.Length, hnswTimes.Average(), exactTimes.Average(),
            Percentiles.Of(hnswTimes, 0.50), Percentiles.Of(exactTimes, 0.50), bytesPerVector, buildSeconds);
    }

    private static long SavedBytes(HnswIndex index)
    {
        var path = Path.Combine(Path.GetTempPath(), $"ragmemory-bench-{Guid.NewGuid():N}.usearch");
        try
        {
            index.Save(path);
            return new FileInfo(path).Length;
        }
        finally
        {
            File.Delete(path);
        }
    }
}
