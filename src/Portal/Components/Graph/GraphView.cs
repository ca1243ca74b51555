using RagMemory.Graph;

namespace RagMemory.Portal.Components.Graph;

/// <summary>
/// What the graph page shows: the nodes and relationships found or expanded so far (at most <see cref="MaxNodes"/>),
/// where each is drawn, the selected node and the events that mention it. Positions come from <see cref="ForceLayout"/>;
/// a node keeps its place once it has one, so growing the view never rearranges what the reader has seen.
/// </summary>
public sealed class GraphView
{
    /// <summary>The most nodes the view holds; more would make the SVG and the layout slow to use.</summary>
    public const int MaxNodes = 300;

    private readonly ForceLayout _layout = new();
    private readonly Dictionary<string, GraphNode> _nodes = [];
    private readonly Dictionary<string, GraphRelationship> _relationships = [];
    private Dictionary<string, LayoutPoint> _positions = [];

    public IReadOnlyCollection<GraphNode> Nodes => _nodes.Values;

    public IReadOnlyCollection<GraphRelationship> Relationships => _relationships.Values;

    public IReadOnlyDictionary<string, LayoutPoint> Positions => _positions;

    /// <summary>The labels shown, in ordinal order, for the legend.</summary>
    public IEnumerable<string> Labels => _nodes.Values.Select(n => n.Label).Distinct().Order(StringComparer.Ordinal);

    public GraphNode? Selected { get; private set; }

    /// <summary>The event ids of the events that mention the selected entity, once its neighbourhood is known.</summary>
    public IReadOnlyList<string> Mentions { get; private set; } = [];

    public bool IsSelected(GraphNode node) => node.Id == Selected?.Id;

    /// <summary>Forgets every node, relationship, position and the selection: a new search starts from nothing.</summary>
    public void Clear()
    {
        _nodes.Clear();
        _relationships.Clear();
        _positions = [];
        Selected = null;
        Mentions = [];
    }

    /// <summary>
    /// Adds the nodes not shown yet (up to the cap) and the relationships whose both ends are shown, then lays out the new
    /// nodes around the placed ones.
    /// </summary>
    public GraphMerge Merge(IReadOnlyList<GraphNode> nodes, IReadOnlyList<GraphRelationship> relationships)
    {
        var added = 0;
        var capped = false;
        foreach (var node in nodes)
        {
            if (_nodes.ContainsKey(node.Id))
            {
                continue;
            }

            if (_nodes.Count >= MaxNodes)
            {
                capped = true;
                continue;
            }

            _nodes[node.Id] = node;
            added++;
        }

        foreach (var relationship in relationships)
        {
            if (_nodes.ContainsKey(relationship.FromId) && _nodes.ContainsKey(relationship.ToId))
            {
                _relationships[relationship.Id] = relationship;
            }
        }

        if (added > 0 || _positions.Count != _nodes.Count)
        {
            _positions = new Dictionary<string, LayoutPoint>(_layout.Compute(_nodes.Keys, [.. _relationships.Values.Select(r => (r.FromId, r.ToId))], _positions));
        }

        return new GraphMerge(added, capped);
    }

    /// <summary>Selects a node; its mentions are unknown until <see cref="ShowNeighbourhood"/> brings them.</summary>
    public void Select(GraphNode node)
    {
        Selected = node;
        Mentions = [];
    }

    /// <summary>Merges the selected node's neighbourhood and finds the events that mention it among it.</summary>
    public GraphMerge ShowNeighbourhood(GraphNeighborhood neighbourhood)
    {
        var merged = Merge(neighbourhood.Nodes, neighbourhood.Relationships);
        Mentions = Selected is null ? [] : MentioningEvents(Selected, neighbourhood);
        return merged;
    }

    /// <summary>Puts a shown node at a point, kept inside the drawing area; false for a node not shown.</summary>
    public bool Move(string nodeId, double x, double y)
    {
        if (!_positions.ContainsKey(nodeId))
        {
            return false;
        }

        _positions[nodeId] = new LayoutPoint(
            Math.Clamp(x, ForceLayout.Margin, ForceLayout.Width - ForceLayout.Margin),
            Math.Clamp(y, ForceLayout.Margin, ForceLayout.Height - ForceLayout.Margin));
        return true;
    }

    /// <summary>
    /// The event ids of the Event neighbours that MENTION the entity (in either direction), in the order the store
    /// returned them (ids are opaque, so never sorted); empty for other labels.
    /// </summary>
    private static List<string> MentioningEvents(GraphNode node, GraphNeighborhood neighbourhood)
    {
        if (node.Label != GraphNames.EntityLabel)
        {
            return [];
        }

        var mentioning = neighbourhood.Relationships
            .Where(r => r.Type == GraphNames.Mentions && (r.ToId == node.Id || r.FromId == node.Id))
            .Select(r => r.ToId == node.Id ? r.FromId : r.ToId)
            .ToHashSet();
        return [.. neighbourhood.Nodes
            .Where(n => n.Label == GraphNames.EventLabel && mentioning.Contains(n.Id))
            .Select(n => NodeText.Of(n.Properties["event_id"]))];
    }
}
