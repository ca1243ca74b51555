using System.Numerics.Tensors;

namespace RagMemory.Load.Vectors;

/// <summary>Brute-force nearest neighbours by cosine (dot product of L2-normalised vectors) with TensorPrimitives.</summary>
public sealed class ExactSearch(float[][] vectors)
{
    public ulong[] Search(float[] query, int count)
    {
        var best = new PriorityQueue<ulong, float>(count + 1);
        for (var i = 0; i < vectors.Length; i++)
        {
            var score = TensorPrimitives.Dot(query, vectors[i]);
            if (best.Count < count)
            {
                best.Enqueue((ulong)i, score);
            }
            else if (best.TryPeek(out _, out var worst) && score > worst)
            {
                best.DequeueEnqueue((ulong)i, score);
            }
        }

        var keys = new ulong[best.Count];
        for (var i = keys.Length - 1; i >= 0; i--)
        {
            keys[i] = best.Dequeue();
        }

        return keys;
    }
}
