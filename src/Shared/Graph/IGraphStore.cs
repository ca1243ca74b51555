using System.Text.Json.Nodes;
using RagMemory.Namespaces;
using RagMemory.Engines;

namespace RagMemory.Graph;

/// <summary>
/// The port for the graph of entities and relationships: SQLite embedded, Neo4j at scale. Every call works inside one
/// namespace and never sees another's nodes. Node and relationship ids are opaque strings made by the engine; an id the
/// engine never made is simply not found. Invalid input throws <see cref="Errors.InvalidInputException"/> whose field is
/// the parameter's name (<c>label</c>, <c>type</c>, <c>properties</c>, <c>depth</c>, <c>limit</c>), never an HTTP field:
/// callers map it to theirs.
/// </summary>
public interface IGraphStore : IDescribesEngine
{
    Task<GraphNode> CreateNodeAsync(MemoryNamespace ns, string label, JsonObject properties, CancellationToken cancellationToken = default);

    /// <summary>Nodes with <paramref name="label"/> whose properties include every given property with an equal value.</summary>
    Task<IReadOnlyList<GraphNode>> FindNodesAsync(MemoryNamespace ns, string label, JsonObject? properties, int limit, CancellationToken cancellationToken = default);

    /// <summary>Throws <see cref="Errors.NotFoundException"/> when either node is missing from <paramref name="ns"/>.</summary>
    Task<GraphRelationship> CreateRelationshipAsync(MemoryNamespace ns, string fromId, string toId, string type, JsonObject properties, CancellationToken cancellationToken = default);

    /// <summary>Nodes up to <paramref name="depth"/> (1..3) hops away in either direction; throws <see cref="Errors.NotFoundException"/> for an unknown node.</summary>
    Task<GraphNeighborhood> GetNeighborsAsync(MemoryNamespace ns, string nodeId, int depth, int limit, CancellationToken cancellationToken = default);

    /// <summary>Records an event's entities idempotently: processing the same event twice leaves one copy.</summary>
    Task MergeEventGraphAsync(MemoryNamespace ns, RecordId eventId, ExtractedGraph graph, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes what <see cref="MergeEventGraphAsync"/> recorded for an event: its Event node with every relationship of it,
    /// and the entities it recorded that no other event mentions (with their CO_OCCURS_WITH relationships). Nodes a client
    /// created stay. Idempotent: an unknown event changes nothing.
    /// </summary>
    Task DeleteEventGraphAsync(MemoryNamespace ns, RecordId eventId, CancellationToken cancellationToken = default);

    /// <summary>
    /// For each node among <paramref name="nodeIds"/> that ingestion wrote, the index keys (<see cref="Ingestion.IndexKeys"/>)
    /// of the events it stands for, in one call: an Event node's own, an entity's those of the Event nodes that mention
    /// it. Nodes a client made, and ids naming no node of <paramref name="ns"/>, are left out. What
    /// <see cref="VisibleGraph"/> needs to show only the visible version of each event.
    /// </summary>
    Task<IReadOnlyDictionary<string, IReadOnlyList<RecordId>>> GetEventKeysAsync(MemoryNamespace ns, IReadOnlyCollection<string> nodeIds, CancellationToken cancellationToken = default);

    /// <summary>How many nodes the namespace holds: clients' nodes, Event nodes and entities.</summary>
    Task<long> CountNodesAsync(MemoryNamespace ns, CancellationToken cancellationToken = default);

    /// <summary>
    /// Events that mention the named entities (case-insensitive), expanded by one hop of co-occurrence; each entity counts
    /// by how specific it is, ln(1 + events / events mentioning it), so that a rare phrase outweighs several common ones.
    /// </summary>
    Task<IReadOnlyList<EventMention>> FindEventsMentioningAsync(MemoryNamespace ns, IReadOnlyList<string> entityNames, int limit, CancellationToken cancellationToken = default);
}
