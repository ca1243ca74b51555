using System.Numerics.Tensors;

namespace RagMemory.Search;

/// <summary>
/// Pseudo-relevance feedback on the query vector (Rocchio): the query moved towards the mean of the stored vectors of
/// the first hits, q' = normalise(q + weight × mean), for a second vector search. A short query embeds only a few
/// words; the hits it finds first say in the collection's own words what it is about.
/// </summary>
public static class VectorFeedback
{
    /// <summary>The moved query, of unit length; the query itself when there is no feedback or no weight.</summary>
    public static float[] Expand(float[] query, IReadOnlyList<float[]> feedback, double weight)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(feedback);
        var usable = feedback.Where(v => v.Length == query.Length).ToList();
        if (usable.Count == 0 || weight <= 0)
        {
            return query;
        }

        var moved = Unit(query);
        var share = (float)(weight / usable.Count);
        foreach (var vector in usable)
        {
            // Each feedback vector counts at unit length, so one long stored vector cannot pull the mean its way.
            TensorPrimitives.MultiplyAdd(Unit(vector), share, moved, moved);
        }

        return Unit(moved);
    }

    private static float[] Unit(float[] vector)
    {
        var norm = TensorPrimitives.Norm(vector);
        var unit = new float[vector.Length];
        if (norm > 0)
        {
            TensorPrimitives.Divide(vector, norm, unit);
        }

        return unit;
    }
}
