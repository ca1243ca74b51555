using System.Text.Json;
using System.Text.Json.Nodes;
using RagMemory.Errors;
using RagMemory.Ingestion;
using RagMemory.Namespaces;

namespace RagMemory.Graph;

/// <summary>
/// The graph as its reads show it (the API's graph routes and the portal's graph browser): what the visible version of
/// each event wrote and nothing else, and each Event node under its event's public id. While a replacement is pending,
/// or a replaced or deleted event's rows wait for the sweep, every version's Event node and mentions are in the graph
/// store side by side; this is the graph's counterpart of <see cref="VisibleVersions"/>, so no adapter knows about
/// versions. A node stands for the events whose index keys <see cref="IGraphStore.GetEventKeysAsync"/> names: it shows
/// when one of them is visible, and a node a client made (standing for none) always shows.
/// </summary>
/// <remarks>
/// A CO_OCCURS_WITH relationship is shared by every event that pairs its two entities, so it carries no event of its own:
/// it shows when a visible event mentions both its ends (an event pairs only entities it mentions). A find may return
/// fewer nodes than its limit when some it found are hidden.
/// </remarks>
public sealed class VisibleGraph(IGraphStore graph, IEventStore events)
{
    private const string EventIdProperty = "event_id";

    private readonly VisibleVersions _visible = new(events);

    /// <summary>As <see cref="IGraphStore.FindNodesAsync"/>; an Event node asked for by its public event id is found whichever version is visible.</summary>
    public async Task<IReadOnlyList<GraphNode>> FindNodesAsync(MemoryNamespace ns, string label, JsonObject? properties, int limit, CancellationToken cancellationToken = default)
    {
        var query = await ByIndexKeyAsync(ns, label, properties, cancellationToken).ConfigureAwait(false);
        var nodes = await graph.FindNodesAsync(ns, label, query, limit, cancellationToken).ConfigureAwait(false);
        var (shown, _) = await ShownAsync(ns, nodes, cancellationToken).ConfigureAwait(false);
        return [.. nodes.Where(n => shown.ContainsKey(n.Id)).Select(n => shown[n.Id])];
    }

    /// <summary>
    /// As <see cref="IGraphStore.GetNeighborsAsync"/>, over the shown nodes only: a hidden start node is not found, and a
    /// node reached only through hidden ones is left out.
    /// </summary>
    public async Task<GraphNeighborhood> GetNeighborsAsync(MemoryNamespace ns, string nodeId, int depth, int limit, CancellationToken cancellationToken = default)
    {
        var found = await graph.GetNeighborsAsync(ns, nodeId, depth, limit, cancellationToken).ConfigureAwait(false);
        var (shown, standsFor) = await ShownAsync(ns, found.Nodes, cancellationToken).ConfigureAwait(false);
        if (!shown.ContainsKey(nodeId))
        {
            throw new NotFoundException($"Node '{nodeId}' does not exist.");
        }

        var edges = found.Relationships.Where(r => shown.ContainsKey(r.FromId) && shown.ContainsKey(r.ToId) && (r.Type != GraphNames.CoOccursWith || PairedByAVisibleEvent(r, standsFor))).ToList();
        var reached = Reached(nodeId, edges, depth);
        return new GraphNeighborhood(
            [.. found.Nodes.Where(n => reached.Contains(n.Id)).Select(n => shown[n.Id])],
            [.. edges.Where(r => reached.Contains(r.FromId) && reached.Contains(r.ToId))],
            found.Truncated);
    }

    /// <summary>
    /// The shown ones among <paramref name="nodes"/>, by id, each as it is shown, and for each node ingestion wrote the
    /// visible events it stands for; one read of the graph and one of the event store.
    /// </summary>
    private async Task<(Dictionary<string, GraphNode> Shown, Dictionary<string, HashSet<RecordId>> StandsFor)> ShownAsync(MemoryNamespace ns, IReadOnlyList<GraphNode> nodes, CancellationToken cancellationToken)
    {
        if (nodes.Count == 0)
        {
            return ([], []);
        }

        var keys = await graph.GetEventKeysAsync(ns, [.. nodes.Select(n => n.Id)], cancellationToken).ConfigureAwait(false);
        var visible = keys.Count == 0
            ? new Dictionary<RecordId, RecordId>()
            : await _visible.ResolveAsync(ns, keys.Values.SelectMany(k => k), cancellationToken).ConfigureAwait(false);
        var shown = new Dictionary<string, GraphNode>(nodes.Count, StringComparer.Ordinal);
        var standsFor = new Dictionary<string, HashSet<RecordId>>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            if (!keys.TryGetValue(node.Id, out var of))
            {
                shown[node.Id] = node;
            }
            else if (of.Where(visible.ContainsKey).ToHashSet() is { Count: > 0 } visibleKeys)
            {
                shown[node.Id] = node.Label == GraphNames.EventLabel ? WithEventId(node, visible[visibleKeys.First()]) : node;
                standsFor[node.Id] = visibleKeys;
            }
        }

        return (shown, standsFor);
    }

    /// <summary>Whether one visible event mentions both ends of a co-occurrence; a client's own link (its ends standing for no event) always shows.</summary>
    private static bool PairedByAVisibleEvent(GraphRelationship link, Dictionary<string, HashSet<RecordId>> standsFor) =>
        !standsFor.TryGetValue(link.FromId, out var from) || !standsFor.TryGetValue(link.ToId, out var to) || from.Overlaps(to);

    /// <summary>
    /// A later version's Event node is stored under its index key, so a find by the public event id asks for the visible
    /// version's key instead; the version-1 key is the id itself.
    /// </summary>
    private async Task<JsonObject?> ByIndexKeyAsync(MemoryNamespace ns, string label, JsonObject? properties, CancellationToken cancellationToken)
    {
        if (label != GraphNames.EventLabel || properties?[EventIdProperty] is not JsonValue value || !TryEventId(value, out var eventId) || IndexKeys.IsReserved(eventId))
        {
            return properties;
        }

        var versions = await events.GetVersionsAsync(ns, [eventId], cancellationToken).ConfigureAwait(false);
        if (!versions.TryGetValue(eventId, out var version) || version <= 1)
        {
            return properties;
        }

        var query = (JsonObject)properties.DeepClone();
        query[EventIdProperty] = IndexKeys.For(eventId, version).ToJsonNode();
        return query;
    }

    private static bool TryEventId(JsonValue value, out RecordId eventId)
    {
        try
        {
            eventId = RecordId.FromJson(JsonSerializer.SerializeToElement(value), EventIdProperty);
            return true;
        }
        catch (InvalidInputException)
        {
            // Not an id an event can have: the find looks for it as it was given, and finds no Event node.
            eventId = default!;
            return false;
        }
    }

    private static GraphNode WithEventId(GraphNode node, RecordId eventId)
    {
        var properties = (JsonObject)node.Properties.DeepClone();
        properties[EventIdProperty] = eventId.ToJsonNode();
        return node with { Properties = properties };
    }

    /// <summary>The nodes within <paramref name="depth"/> hops of <paramref name="start"/> over <paramref name="edges"/>, in either direction.</summary>
    private static HashSet<string> Reached(string start, IReadOnlyList<GraphRelationship> edges, int depth)
    {
        var reached = new HashSet<string>(StringComparer.Ordinal) { start };
        var frontier = new List<string> { start };
        for (var hop = 0; hop < depth && frontier.Count > 0; hop++)
        {
            var next = new List<string>();
            foreach (var edge in edges)
            {
                if (frontier.Contains(edge.FromId) && reached.Add(edge.ToId))
                {
                    next.Add(edge.ToId);
                }
                else if (frontier.Contains(edge.ToId) && reached.Add(edge.FromId))
                {
                    next.Add(edge.FromId);
                }
            }

            frontier = next;
        }

        return reached;
    }
}
