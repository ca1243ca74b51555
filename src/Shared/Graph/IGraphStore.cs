using System.Text.Json.Nodes;

namespace RagMemory.Graph;

/// <summary>The port for the graph of entities and relationships: SQLite embedded, Neo4j at scale.</summary>
public interface IGraphStore
{
    Task<GraphNode> CreateNodeAsync(string label, JsonObject properties, CancellationToken cancellationToken = default);

    /// <summary>Nodes with <paramref name="label"/> whose properties include every given property with an equal value.</summary>
    Task<IReadOnlyList<GraphNode>> FindNodesAsync(string label, JsonObject? properties, int limit, CancellationToken cancellationToken = default);

    /// <summary>Throws <see cref="Errors.NotFoundException"/> when either node is missing.</summary>
    Task<GraphRelationship> CreateRelationshipAsync(long fromId, long toId, string type, JsonObject properties, CancellationToken cancellationToken = default);

    /// <summary>Nodes up to <paramref name="depth"/> (1..3) hops away in either direction; throws <see cref="Errors.NotFoundException"/> for an unknown node.</summary>
    Task<GraphNeighborhood> GetNeighborsAsync(long nodeId, int depth, int limit, CancellationToken cancellationToken = default);

    /// <summary>Records an event's entities idempotently: processing the same event twice leaves one copy.</summary>
    Task MergeEventGraphAsync(RecordId eventId, ExtractedGraph graph, CancellationToken cancellationToken = default);

    /// <summary>Events that mention the named entities (case-insensitive), expanded by one hop of co-occurrence.</summary>
    Task<IReadOnlyList<EventMention>> FindEventsMentioningAsync(IReadOnlyList<string> entityNames, int limit, CancellationToken cancellationToken = default);
}
