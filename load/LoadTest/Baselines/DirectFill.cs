using System.Diagnostics;
using System.Text.Json.Nodes;
using Cloud.Unum.USearch;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RagMemory.LoadTest.Scenarios;
using RagMemory.Namespaces;
using RagMemory.Storage;
using RagMemory.Vectors;
using RagMemory.Vectors.Embedded;

namespace RagMemory.LoadTest.Baselines;

/// <summary>
/// Fills a data folder's client vector collection in process, through the portal's own embedded store (SQLite rows
/// and the HNSW index saved beside them), with the same random unit vectors as <see cref="Preload"/>. A portal started
/// on the folder afterwards loads that index, so its resident memory at a million vectors can be measured without a
/// million vectors through HTTP (63 a second under load, docs/load-baseline.md). Not a throughput figure: the rows
/// skip the API on purpose.
/// </summary>
public static class DirectFill
{
    /// <param name="expansionAdd">
    /// The candidate list while adding: the index's memory does not depend on it (links per node do), and the default
    /// 128 adds a million vectors on one core of this machine in hours; 16 does it in minutes, at a lower recall that a
    /// memory measurement does not look at.
    /// </param>
    public static TimeSpan Run(string dataDirectory, int vectors, ScalarKind storage, int expansionAdd, int seed, TextWriter progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var started = Stopwatch.StartNew();
        var options = Options.Create(new StorageOptions { DataDirectory = dataDirectory });
        var index = Options.Create(new VectorIndexOptions { Dimensions = ScenarioCatalog.Dimensions, Storage = storage, ExpansionAdd = expansionAdd });
        using var store = new HnswSqliteVectorStore(new SqliteDatabase(options), options, index, NullLogger<HnswSqliteVectorStore>.Instance);
        const int batch = 1000;
        var random = new Random(seed);
        for (var first = 0; first < vectors; first += batch)
        {
            var records = Enumerable.Range(first, Math.Min(batch, vectors - first))
                .Select(i => new VectorRecord(RecordId.FromInteger(1_000_001 + i), RandomVectors.Unit(random, ScenarioCatalog.Dimensions), new JsonObject { ["text"] = $"preload_{i}" }))
                .ToList();
            store.UpsertAsync(MemoryNamespace.Default, records).GetAwaiter().GetResult();
            if ((first / batch) % 50 == 49)
            {
                progress.WriteLine($"filled {first + records.Count} of {vectors} vectors in {started.Elapsed.TotalSeconds:F0} s");
            }
        }

        // Disposing saves the index with the write version it reflects, as the portal does when it stops.
        return started.Elapsed;
    }
}
