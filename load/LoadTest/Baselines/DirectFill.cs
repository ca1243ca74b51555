using System.Diagnostics;
using Cloud.Unum.USearch;
using RagMemory.LoadTest.Scenarios;
using RagMemory.Vectors.Embedded;

namespace RagMemory.LoadTest.Baselines;

/// <summary>
/// An HNSW index of random unit vectors (as <see cref="Preload"/> sends), built in process and saved, so that
/// <c>bare-search</c> can load it and report the resident memory it adds: what a portal holds for its vector index
/// (docs/performance.md checks the sum against the portal at 100k). A million vectors through the API, or as rows
/// into SQLite, take this machine's shared disk most of an hour; the index alone takes minutes.
/// </summary>
public static class DirectFill
{
    /// <param name="expansionAdd">
    /// The candidate list while adding: the index's memory does not depend on it (links per node do), and the default
    /// 128 adds a million vectors on one core of this machine in about an hour; 16 does it in minutes, at a lower
    /// recall that a memory measurement does not look at.
    /// </param>
    public static TimeSpan Run(string indexPath, int vectors, ScalarKind storage, int expansionAdd, int seed, TextWriter progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var started = Stopwatch.StartNew();
        using var index = HnswIndex.Create(ScenarioCatalog.Dimensions, storage, new HnswSettings(ExpansionAdd: expansionAdd));
        var random = new Random(seed);
        for (var i = 0; i < vectors; i++)
        {
            index.Upsert((ulong)(i + 1), RandomVectors.Unit(random, ScenarioCatalog.Dimensions));
            if (i % 50_000 == 49_999)
            {
                progress.WriteLine($"added {i + 1} of {vectors} vectors in {started.Elapsed.TotalSeconds:F0} s");
            }
        }

        index.Save(indexPath);
        return started.Elapsed;
    }
}
