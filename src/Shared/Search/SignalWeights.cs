namespace RagMemory.Search;

/// <summary>The weight of each signal in the fusion; a signal with weight 0 is not queried at all.</summary>
public sealed record SignalWeights(double Keyword, double Vector, double Graph)
{
    public static SignalWeights KeywordOnly { get; } = new(1, 0, 0);

    public static SignalWeights VectorOnly { get; } = new(0, 1, 0);

    public static SignalWeights GraphOnly { get; } = new(0, 0, 1);
}
