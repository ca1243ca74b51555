namespace RagMemory.Search;

/// <summary>
/// Per query, a factor for each signal's weight: 1 + the share of its top events that another signal also has in its
/// top (<see cref="Depth"/>). A signal that agrees with the others counts up to twice; one alone, or empty, counts once.
/// </summary>
public sealed record SignalAgreement(double Keyword, double Vector, double Graph)
{
    public const int Depth = 20;

    public static SignalAgreement None { get; } = new(1, 1, 1);

    public static SignalAgreement Of(IEnumerable<RecordId> keyword, IEnumerable<RecordId> vector, IEnumerable<RecordId> graph)
    {
        var tops = new[] { keyword, vector, graph }.Select(s => s.Distinct().Take(Depth).ToList()).ToArray();
        double Factor(int signal)
        {
            var others = tops.Where((_, i) => i != signal).SelectMany(t => t).ToHashSet();
            return tops[signal].Count == 0 ? 1 : 1 + ((double)tops[signal].Count(others.Contains) / tops[signal].Count);
        }

        return new SignalAgreement(Factor(0), Factor(1), Factor(2));
    }
}
