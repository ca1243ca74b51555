namespace RagMemory.LoadTest.Scenarios;

/// <summary>Random directions in the embedding space: Gaussian components, L2-normalised, as embeddings are.</summary>
public static class RandomVectors
{
    public static float[] Unit(Random random, int dimensions)
    {
        ArgumentNullException.ThrowIfNull(random);
        var vector = new float[dimensions];
        var norm = 0.0;
        for (var i = 0; i < dimensions; i++)
        {
            // Box-Muller; 1 - NextDouble() keeps the logarithm's argument above 0.
            var gaussian = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            vector[i] = (float)gaussian;
            norm += gaussian * gaussian;
        }

        var scale = (float)(1 / Math.Sqrt(norm));
        for (var i = 0; i < dimensions; i++)
        {
            vector[i] *= scale;
        }

        return vector;
    }
}
