using Cloud.Unum.USearch;
using RagMemory.Vectors;
using RagMemory.Vectors.Embedded;

namespace RagMemory.Load.Vectors;

/// <summary>Builds the embedding-shaped set and measures HNSW in float32 and bfloat16 storage against exact search.</summary>
public static class VectorComparison
{
    public static (IReadOnlyList<VectorIndexResult> Results, string Shape) Run(
        IReadOnlyList<float[]> documentVectors, IReadOnlyList<float[]> queryVectors, int count, int queries, IReadOnlyList<HnswSettings>? variants = null)
    {
        var settings = new HnswSettings();
        ArgumentNullException.ThrowIfNull(documentVectors);
        ArgumentNullException.ThrowIfNull(queryVectors);
        var vectors = EmbeddingShapedVectors.Generate(documentVectors, count, seed: 1);
        var probes = EmbeddingShapedVectors.Generate(queryVectors.Concat(documentVectors).ToList(), queries, seed: 2);
        var shape = $"{count} vectors of {vectors[0].Length} dimensions made from {documentVectors.Count} real MiniLM embeddings of the collection's texts or chunks " +
            "(each: one real vector mixed with up to 35 % of another, plus isotropic noise of norm 0.35, L2-normalised); " +
            $"{queries} query vectors made the same way from the real query and text embeddings. Cosine metric, connectivity {settings.Connectivity}, " +
            $"expansion {settings.ExpansionAdd} on add and {settings.ExpansionSearch} on search (HnswIndex's defaults) unless the row says otherwise; exact search is a TensorPrimitives.Dot scan with a top-10 heap, " +
            "one thread each; each query runs on both back to back.";
        if (variants is { Count: > 0 })
        {
            return (variants.Select(v => VectorBenchmark.Measure(vectors, [.. probes], ScalarKind.Float32,
                $"float32, M {v.Connectivity}, ef add {v.ExpansionAdd}, ef search {v.ExpansionSearch}", v)).ToList(), shape);
        }

        return ([
            VectorBenchmark.Measure(vectors, [.. probes], ScalarKind.Float32, "float32"),
            VectorBenchmark.Measure(vectors, [.. probes], ScalarKind.BFloat16, "bfloat16"),
        ], shape);
    }
}
