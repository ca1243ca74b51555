using RagMemory.Portal.Components.Graph;

namespace RagMemory.Tests.Portal.Graph;

public sealed class ForceLayoutTests
{
    private readonly ForceLayout _layout = new();

    [Fact]
    public void The_same_graph_gets_the_same_positions_whatever_the_order_of_its_nodes()
    {
        var (nodes, edges) = TwoClusters();

        var first = _layout.Compute(nodes, edges);
        var second = _layout.Compute([.. nodes.AsEnumerable().Reverse()], [.. edges.AsEnumerable().Reverse()]);

        Assert.Equal(nodes.Length, first.Count);
        Assert.All(nodes, id => Assert.Equal(first[id], second[id]));
    }

    [Fact]
    public void Different_ids_start_in_different_places()
    {
        var a = _layout.Compute([1, 2], []);
        var b = _layout.Compute([3, 4], []);

        Assert.NotEqual(a[1], b[3]);
    }

    [Fact]
    public void Positions_of_a_few_hundred_nodes_are_finite_and_inside_the_drawing_area()
    {
        var nodes = Enumerable.Range(1, 300).Select(i => (long)i).ToArray();
        var edges = nodes.Skip(1).Select(id => (id / 2, id)).ToArray();

        var positions = _layout.Compute(nodes, edges);

        Assert.Equal(300, positions.Count);
        Assert.All(positions.Values, p =>
        {
            Assert.True(double.IsFinite(p.X) && double.IsFinite(p.Y), $"{p} is not finite");
            Assert.InRange(p.X, ForceLayout.Margin, ForceLayout.Width - ForceLayout.Margin);
            Assert.InRange(p.Y, ForceLayout.Margin, ForceLayout.Height - ForceLayout.Margin);
        });
    }

    [Fact]
    public void Connected_nodes_end_closer_together_than_unconnected_ones_on_average()
    {
        var (nodes, edges) = TwoClusters();

        var positions = _layout.Compute(nodes, edges);

        var linked = edges.Select(e => (Math.Min(e.From, e.To), Math.Max(e.From, e.To))).ToHashSet();
        var pairs = nodes.SelectMany(a => nodes.Where(b => a < b).Select(b => (a, b))).ToList();
        var connected = pairs.Where(linked.Contains).Average(p => Distance(positions, p));
        var unconnected = pairs.Where(p => !linked.Contains(p)).Average(p => Distance(positions, p));
        Assert.True(connected < unconnected * 0.75, $"connected {connected:0.0} vs unconnected {unconnected:0.0}");
    }

    [Fact]
    public void Expanding_keeps_every_placed_node_where_it_was_and_places_the_new_ones_inside()
    {
        var (nodes, edges) = TwoClusters();
        var placed = _layout.Compute(nodes, edges);
        long[] added = [100, 101, 102];
        (long From, long To)[] newEdges = [.. edges, (1, 100), (1, 101), (7, 102)];

        var expanded = _layout.Compute([.. nodes, .. added], newEdges, placed);

        Assert.All(nodes, id => Assert.Equal(placed[id], expanded[id]));
        Assert.All(added, id =>
        {
            var p = expanded[id];
            Assert.InRange(p.X, ForceLayout.Margin, ForceLayout.Width - ForceLayout.Margin);
            Assert.InRange(p.Y, ForceLayout.Margin, ForceLayout.Height - ForceLayout.Margin);
            Assert.DoesNotContain(placed.Values, q => q == p);
        });
    }

    [Fact]
    public void Nodes_without_relationships_do_not_collapse_onto_one_point()
    {
        var positions = _layout.Compute([5, 6, 7, 8], []);

        Assert.Equal(4, positions.Values.Distinct().Count());
        Assert.All(positions.Values, p => Assert.True(positions.Values.Where(q => q != p).Min(q => Distance(p, q)) > 50));
    }

    [Fact]
    public void String_ids_are_laid_out_by_their_text_so_an_integer_and_its_decimal_text_start_in_one_place()
    {
        var byText = _layout.Compute(["1", "2", "node-a"], [("1", "node-a")]);

        Assert.Equal(3, byText.Count);
        Assert.NotEqual(byText["1"], byText["node-a"]);
        Assert.Equal(_layout.Compute([42L], [])[42], _layout.Compute(["42"], [])["42"]);
        Assert.NotEqual(_layout.Compute(["42"], [])["42"], _layout.Compute(["43"], [])["43"]);
    }

    /// <summary>Two rings of six nodes each, joined by one relationship.</summary>
    private static (long[] Nodes, (long From, long To)[] Edges) TwoClusters()
    {
        var nodes = Enumerable.Range(1, 12).Select(i => (long)i).ToArray();
        var edges = new List<(long, long)>();
        for (var i = 0; i < 6; i++)
        {
            edges.Add((1 + i, 1 + ((i + 1) % 6)));
            edges.Add((7 + i, 7 + ((i + 1) % 6)));
        }

        edges.Add((1, 7));
        return (nodes, [.. edges]);
    }

    private static double Distance(IReadOnlyDictionary<long, LayoutPoint> positions, (long A, long B) pair) =>
        Distance(positions[pair.A], positions[pair.B]);

    private static double Distance(LayoutPoint a, LayoutPoint b) => Math.Sqrt(Math.Pow(a.X - b.X, 2) + Math.Pow(a.Y - b.Y, 2));
}
