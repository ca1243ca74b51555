using System.Diagnostics;
using System.Globalization;
using RagMemory.Portal.Components.Graph;

namespace RagMemory.Load.Portal;

/// <summary>
/// How long the graph page's server-side layout takes as the view grows to its 300-node cap: a first layout of the
/// whole view, and the expansion that adds 20 neighbours around nodes already placed (what a click costs).
/// The graphs are random with two relationships per node on average, from a fixed seed.
/// </summary>
public static class GraphLayoutBenchmark
{
    /// <summary>Prints the table and returns its rows.</summary>
    public static IReadOnlyList<(int Nodes, int Relationships, double FirstMs, double ExpansionMs)> Run(int repetitions)
    {
        Console.WriteLine("| nodes | relationships | first layout p50 ms | expansion by 20 p50 ms |");
        Console.WriteLine("|---|---|---|---|");
        var rows = new List<(int, int, double, double)>();
        foreach (var size in new[] { 50, 100, 200, 300 })
        {
            var (nodes, edges) = RandomGraph(size, seed: size);
            var layout = new ForceLayout();
            var first = Median(repetitions, () => layout.Compute(nodes, edges));
            var placed = layout.Compute(nodes[..^20], [.. edges.Where(e => e.From < size - 20 && e.To < size - 20)]);
            var expansion = Median(repetitions, () => layout.Compute(nodes, edges, placed));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {size} | {edges.Length} | {first:F1} | {expansion:F1} |"));
            rows.Add((size, edges.Length, first, expansion));
        }

        return rows;
    }

    private static (long[] Nodes, (long From, long To)[] Edges) RandomGraph(int size, int seed)
    {
        var random = new Random(seed);
        var nodes = Enumerable.Range(0, size).Select(i => (long)i).ToArray();
        var edges = Enumerable.Range(0, size * 2)
            .Select(_ => ((long)random.Next(size), (long)random.Next(size)))
            .Where(e => e.Item1 != e.Item2)
            .ToArray();
        return (nodes, edges);
    }

    private static double Median(int repetitions, Action work)
    {
        work();
        var times = new List<double>(repetitions);
        for (var i = 0; i < repetitions; i++)
        {
            var started = Stopwatch.GetTimestamp();
            work();
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        times.Sort();
        return times[times.Count / 2];
    }
}
