namespace RagMemory.Load.Vectors;

/// <summary>One HNSW configuration measured against exact search in the same run.</summary>
public sealed record VectorIndexResult(
    string Storage,
    int Vectors,
    double RecallAt10,
    double HnswMeanMs,
    double ExactMeanMs,
    double HnswP50Ms,
    double ExactP50Ms,
    double BytesPerVector,
    double BuildSeconds)
{
    public double SpeedUp => ExactMeanMs / HnswMeanMs;
}
