using System.Globalization;

namespace RagMemory.Portal.Components.Graph;

/// <summary>
/// Fruchterman-Reingold force-directed layout, computed on the server so the portal needs no JavaScript graph library.
/// Runs a fixed number of iterations from starting positions derived from node ids only, so the same graph always gets
/// the same picture. Ids are whatever the caller names nodes by (the graph's opaque strings; the benchmark's integers):
/// only their invariant text counts, so 42 and "42" start in one place. Nodes that already have a position keep it (they push and pull the others but do not move), so
/// expanding a node adds its neighbours without rearranging what the reader has already seen.
/// </summary>
public sealed class ForceLayout
{
    public const double Width = 1000;
    public const double Height = 700;
    public const double Margin = 30;

    private const int Iterations = 120;
    private const double MinimumDistance = 0.01;

    /// <summary>
    /// Positions for every node in <paramref name="nodeIds"/>, inside [<see cref="Margin"/>, size − margin].
    /// Nodes found in <paramref name="placed"/> keep their positions; new ones start near a placed neighbour if they have one.
    /// </summary>
    public IReadOnlyDictionary<TId, LayoutPoint> Compute<TId>(
        IReadOnlyCollection<TId> nodeIds,
        IReadOnlyCollection<(TId From, TId To)> edges,
        IReadOnlyDictionary<TId, LayoutPoint>? placed = null)
        where TId : notnull
    {
        ArgumentNullException.ThrowIfNull(nodeIds);
        ArgumentNullException.ThrowIfNull(edges);
        placed ??= new Dictionary<TId, LayoutPoint>();

        // Ids sorted by their text (ordinal, so no culture changes it) make the result independent of the order the caller
        // found the nodes in.
        var ids = nodeIds.Distinct().Select(id => (Id: id, Text: Text(id))).OrderBy(n => n.Text, StringComparer.Ordinal).ToArray();
        var index = new Dictionary<TId, int>(ids.Length);
        for (var i = 0; i < ids.Length; i++)
        {
            index[ids[i].Id] = i;
        }

        var links = edges
            .Where(e => index.ContainsKey(e.From) && index.ContainsKey(e.To))
            .Select(e => (A: index[e.From], B: index[e.To]))
            .Where(e => e.A != e.B)
            .Select(e => e.A < e.B ? e : (A: e.B, B: e.A))
            .Distinct()
            .Order()
            .ToArray();

        var x = new double[ids.Length];
        var y = new double[ids.Length];
        var movable = new bool[ids.Length];
        Seed(ids, links, placed, x, y, movable);

        if (movable.Any(m => m))
        {
            Relax(links, x, y, movable);
        }

        var result = new Dictionary<TId, LayoutPoint>(ids.Length);
        for (var i = 0; i < ids.Length; i++)
        {
            result[ids[i].Id] = new LayoutPoint(x[i], y[i]);
        }

        return result;
    }

    private static void Seed<TId>((TId Id, string Text)[] ids, (int A, int B)[] links, IReadOnlyDictionary<TId, LayoutPoint> placed, double[] x, double[] y, bool[] movable)
        where TId : notnull
    {
        for (var i = 0; i < ids.Length; i++)
        {
            if (placed.TryGetValue(ids[i].Id, out var point) && double.IsFinite(point.X) && double.IsFinite(point.Y))
            {
                x[i] = Clamp(point.X, Width);
                y[i] = Clamp(point.Y, Height);
            }
            else
            {
                movable[i] = true;
            }
        }

        for (var i = 0; i < ids.Length; i++)
        {
            if (!movable[i])
            {
                continue;
            }

            var (u, v) = Unit(ids[i].Text);
            var anchor = links
                .Select(l => l.A == i ? l.B : l.B == i ? l.A : -1)
                .Where(j => j >= 0 && !movable[j])
                .DefaultIfEmpty(-1)
                .First();
            if (anchor >= 0)
            {
                // Near the already placed neighbour that brought it in, in a direction chosen by its id.
                var angle = u * 2 * Math.PI;
                x[i] = Clamp(x[anchor] + (Math.Cos(angle) * 60), Width);
                y[i] = Clamp(y[anchor] + (Math.Sin(angle) * 60), Height);
            }
            else
            {
                x[i] = Margin + (u * (Width - (2 * Margin)));
                y[i] = Margin + (v * (Height - (2 * Margin)));
            }
        }
    }

    private static void Relax((int A, int B)[] links, double[] x, double[] y, bool[] movable)
    {
        var n = x.Length;
        var k = 0.75 * Math.Sqrt((Width - (2 * Margin)) * (Height - (2 * Margin)) / n);
        var dx = new double[n];
        var dy = new double[n];
        var startTemperature = Width / 10;
        for (var iteration = 0; iteration < Iterations; iteration++)
        {
            Array.Clear(dx);
            Array.Clear(dy);

            // Every pair repels with k² / d.
            for (var i = 0; i < n; i++)
            {
                for (var j = i + 1; j < n; j++)
                {
                    var (ox, oy, d) = Offset(x, y, i, j);
                    var force = k * k / d;
                    dx[i] += ox / d * force;
                    dy[i] += oy / d * force;
                    dx[j] -= ox / d * force;
                    dy[j] -= oy / d * force;
                }
            }

            // Linked nodes attract with d² / k.
            foreach (var (a, b) in links)
            {
                var (ox, oy, d) = Offset(x, y, a, b);
                var force = d * d / k;
                dx[a] -= ox / d * force;
                dy[a] -= oy / d * force;
                dx[b] += ox / d * force;
                dy[b] += oy / d * force;
            }

            // Each node moves along its net force, at most the temperature, which cools linearly to nothing.
            var temperature = startTemperature * (1 - ((double)iteration / Iterations));
            for (var i = 0; i < n; i++)
            {
                if (!movable[i])
                {
                    continue;
                }

                var length = Math.Sqrt((dx[i] * dx[i]) + (dy[i] * dy[i]));
                if (length < MinimumDistance || !double.IsFinite(length))
                {
                    continue;
                }

                var step = Math.Min(length, temperature);
                x[i] = Clamp(x[i] + (dx[i] / length * step), Width);
                y[i] = Clamp(y[i] + (dy[i] / length * step), Height);
            }
        }
    }

    /// <summary>The vector from j to i and its length; coincident nodes are separated in a direction fixed by their indices.</summary>
    private static (double X, double Y, double Distance) Offset(double[] x, double[] y, int i, int j)
    {
        var ox = x[i] - x[j];
        var oy = y[i] - y[j];
        var d = Math.Sqrt((ox * ox) + (oy * oy));
        if (d >= MinimumDistance)
        {
            return (ox, oy, d);
        }

        var angle = (i * 7 + j * 13) % 360 * Math.PI / 180;
        return (Math.Cos(angle) * MinimumDistance, Math.Sin(angle) * MinimumDistance, MinimumDistance);
    }

    private static double Clamp(double value, double size) => Math.Clamp(value, Margin, size - Margin);

    private static string Text<TId>(TId id) where TId : notnull => string.Create(CultureInfo.InvariantCulture, $"{id}");

    /// <summary>
    /// Two numbers in [0, 1) derived from a node id's text (FNV-1a, then SplitMix64 to spread it): a start position that
    /// depends on the id alone, the same in every process (string.GetHashCode is randomised per process).
    /// </summary>
    private static (double U, double V) Unit(string id)
    {
        var hash = 0xCBF29CE484222325UL;
        foreach (var c in id)
        {
            hash = unchecked((hash ^ c) * 0x100000001B3UL);
        }

        var z = unchecked(hash + 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        return ((z >> 32) / 4294967296.0, (z & 0xFFFFFFFFUL) / 4294967296.0);
    }
}
