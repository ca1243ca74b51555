using System.Numerics.Tensors;

namespace RagMemory.Search;

/// <summary>
/// Score smoothing over the fused top documents (the cluster hypothesis: relevant documents resemble each other):
/// each document gains <c>weight</c> × the mean over the others of cos(its vector, theirs) × their fused score, so a
/// document like the other well-placed ones rises and an outlier that one signal liked falls behind.
/// </summary>
public static class NeighbourSmoothing
{
    /// <summary>
    /// The smoothed scores, in the order given; a document without a vector (null) neither gains nor lends. Fewer than
    /// two documents, or no weight, leave the scores as they are.
    /// </summary>
    public static IReadOnlyList<double> Smooth(IReadOnlyList<double> scores, IReadOnlyList<float[]?> vectors, double weight)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(vectors);
        if (scores.Count != vectors.Count)
        {
            throw new ArgumentException("One vector (or null) per score.", nameof(vectors));
        }

        var neighbours = vectors.Count(v => v is not null) - 1;
        if (weight <= 0 || neighbours < 1)
        {
            return scores;
        }

        var smoothed = new double[scores.Count];
        for (var i = 0; i < scores.Count; i++)
        {
            smoothed[i] = scores[i];
            if (vectors[i] is not { } own)
            {
                continue;
            }

            var lent = 0.0;
            for (var j = 0; j < scores.Count; j++)
            {
                if (j != i && vectors[j] is { } other && other.Length == own.Length)
                {
                    lent += TensorPrimitives.CosineSimilarity(own, other) * scores[j];
                }
            }

            smoothed[i] += weight * lent / neighbours;
        }

        return smoothed;
    }
}
