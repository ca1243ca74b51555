using System.Text.Json.Nodes;
using RagMemory.Graph;
using RagMemory.Portal.Components.Graph;

namespace RagMemory.Tests.Portal.Graph;

public sealed class GraphViewTests
{
    private readonly GraphView _view = new();

    [Fact]
    public void Merge_adds_each_node_once_and_only_the_relationships_whose_ends_are_shown()
    {
        var first = _view.Merge([Person("a"), Person("b")], [Link("r1", "a", "b"), Link("r2", "a", "elsewhere")]);
        var again = _view.Merge([Person("b"), Person("c")], [Link("r1", "a", "b"), Link("r3", "b", "c")]);

        Assert.Equal(new GraphMerge(2, false), first);
        Assert.Equal(new GraphMerge(1, false), again);
        Assert.Equal(["a", "b", "c"], _view.Nodes.Select(n => n.Id));
        Assert.Equal(["r1", "r3"], _view.Relationships.Select(r => r.Id));
        Assert.Equal(["a", "b", "c"], _view.Positions.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Merge_stops_at_the_cap_and_says_so()
    {
        _view.Merge([.. Enumerable.Range(0, GraphView.MaxNodes - 1).Select(i => Person($"n{i}"))], []);

        var merged = _view.Merge([Person("x"), Person("y"), Person("z")], []);

        Assert.Equal(new GraphMerge(1, true), merged);
        Assert.Equal(GraphView.MaxNodes, _view.Nodes.Count);
        Assert.Contains(_view.Nodes, n => n.Id == "x");
    }

    [Fact]
    public void Merge_keeps_every_shown_node_where_it_was()
    {
        _view.Merge([Person("a"), Person("b")], [Link("r1", "a", "b")]);
        var before = _view.Positions.ToDictionary();

        _view.Merge([Person("c"), Person("d")], [Link("r2", "a", "c"), Link("r3", "c", "d")]);

        Assert.Equal(before["a"], _view.Positions["a"]);
        Assert.Equal(before["b"], _view.Positions["b"]);
        Assert.Equal(4, _view.Positions.Count);
    }

    [Fact]
    public void A_moved_node_stays_inside_the_drawing_area_and_an_unknown_one_is_not_moved()
    {
        _view.Merge([Person("a")], []);

        Assert.True(_view.Move("a", 123.5, 456.25));
        Assert.Equal(new LayoutPoint(123.5, 456.25), _view.Positions["a"]);
        Assert.True(_view.Move("a", -50, 5000));
        Assert.Equal(new LayoutPoint(ForceLayout.Margin, ForceLayout.Height - ForceLayout.Margin), _view.Positions["a"]);
        Assert.False(_view.Move("ghost", 100, 100));
        Assert.DoesNotContain("ghost", _view.Positions.Keys);
    }

    [Fact]
    public void A_moved_node_keeps_its_place_when_the_view_grows()
    {
        _view.Merge([Person("a")], []);
        _view.Move("a", 200, 300);

        _view.Merge([Person("b")], [Link("r1", "a", "b")]);

        Assert.Equal(new LayoutPoint(200, 300), _view.Positions["a"]);
    }

    [Fact]
    public void The_events_that_mention_a_selected_entity_are_its_Event_neighbours_over_MENTIONS_in_the_stores_order()
    {
        var ada = Entity("10", "Ada Lovelace");
        _view.Merge([ada], []);
        _view.Select(ada);
        var neighbourhood = new GraphNeighborhood(
            [ada, Event("9", "notes"), Event("100", "engine"), Event("11", "unrelated"), Entity("12", "Charles Babbage"), Event("13", "backwards")],
            [Link("r1", "9", "10", GraphNames.Mentions), Link("r2", "100", "10", GraphNames.Mentions), Link("r3", "11", "12", GraphNames.Mentions),
             Link("r4", "10", "12", GraphNames.CoOccursWith), Link("r5", "10", "13", GraphNames.Mentions), Link("r6", "11", "10", "CITES")],
            false);

        var merged = _view.ShowNeighbourhood(neighbourhood);

        Assert.Equal(["notes", "engine", "backwards"], _view.Mentions);
        Assert.Equal(5, merged.Added);
        Assert.Same(ada, _view.Selected);
    }

    [Fact]
    public void A_selected_node_that_is_not_an_entity_has_no_mentions()
    {
        var eventNode = Event("1", "e1");
        _view.Merge([eventNode], []);
        _view.Select(eventNode);

        _view.ShowNeighbourhood(new GraphNeighborhood([eventNode, Entity("2", "Ada")], [Link("r1", "1", "2", GraphNames.Mentions)], false));

        Assert.Empty(_view.Mentions);
        Assert.True(_view.IsSelected(eventNode));
    }

    [Fact]
    public void Selecting_another_node_forgets_the_mentions_of_the_last_one()
    {
        var ada = Entity("1", "Ada");
        _view.Select(ada);
        _view.ShowNeighbourhood(new GraphNeighborhood([ada, Event("2", "e1")], [Link("r1", "2", "1", GraphNames.Mentions)], false));

        _view.Select(Entity("3", "Charles"));

        Assert.Empty(_view.Mentions);
        Assert.False(_view.IsSelected(ada));
    }

    [Fact]
    public void Clear_forgets_nodes_relationships_positions_and_the_selection()
    {
        var ada = Entity("1", "Ada");
        _view.Merge([ada, Person("2")], [Link("r1", "1", "2")]);
        _view.Select(ada);

        _view.Clear();

        Assert.Empty(_view.Nodes);
        Assert.Empty(_view.Relationships);
        Assert.Empty(_view.Positions);
        Assert.Null(_view.Selected);
        Assert.Empty(_view.Mentions);
    }

    [Fact]
    public void The_legend_lists_each_label_once_in_ordinal_order()
    {
        _view.Merge([Person("1"), Entity("2", "Ada"), Person("3"), Event("4", "e")], []);

        Assert.Equal(["Entity", "Event", "Person"], _view.Labels);
    }

    private static GraphNode Person(string id) => new(id, "Person", new JsonObject { ["name"] = id });

    private static GraphNode Entity(string id, string name) => new(id, GraphNames.EntityLabel, new JsonObject { ["name"] = name });

    private static GraphNode Event(string id, string eventId) => new(id, GraphNames.EventLabel, new JsonObject { ["event_id"] = eventId });

    private static GraphRelationship Link(string id, string from, string to, string type = "KNOWS") => new(id, from, to, type, []);
}
