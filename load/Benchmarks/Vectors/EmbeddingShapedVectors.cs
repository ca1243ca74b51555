namespace RagMemory.Load.Vectors;

/// <summary>
/// Builds a large set shaped like real embeddings from a few thousand real MiniLM vectors: each generated vector mixes
/// one real vector with a little of another (a nearby topic) and adds a small isotropic perturbation, then is
/// L2-normalised. The result keeps the clusters and the anisotropy of real embeddings, which uniform random vectors lack.
/// </summary>
public static class EmbeddingShapedVectors
{
    public static float[][] Generate(IReadOnlyList<float[]> bases, int count, int seed, float mix = 0.35f, float noise = 0.35f)
    {
        ArgumentNullException.ThrowIfNull(bases);
        var random = new Random(seed);
        var dimensions = bases[0].Length;
        var noisePerDimension = noise / MathF.Sqrt(dimensions);
        var vectors = new float[count][];
        for (var n = 0; n < count; n++)
        {
            var a = bases[random.Next(bases.Count)];
            var b = bases[random.Next(bases.Count)];
            var t = (float)random.NextDouble() * mix;
            var v = new float[dimensions];
            for (var i = 0; i < dimensions; i++)
            {
                v[i] = ((1 - t) * a[i]) + (t * b[i]) + (noisePerDimension * Gaussian(random));
            }

            var norm = System.Numerics.Tensors.TensorPrimitives.Norm(v);
            System.Numerics.Tensors.TensorPrimitives.Divide(v, norm, v);
            vectors[n] = v;
        }

        return vectors;
    }

    private static float Gaussian(Random random) =>
        MathF.Sqrt(-2f * MathF.Log(1f - (float)random.NextDouble())) * MathF.Cos(2f * MathF.PI * (float)random.NextDouble());
}
