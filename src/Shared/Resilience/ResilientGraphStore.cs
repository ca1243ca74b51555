using System.Text.Json.Nodes;
using RagMemory.Engines;
using RagMemory.Graph;
using RagMemory.Namespaces;

namespace RagMemory.Resilience;

/// <summary>
/// The graph behind its backend pipeline. Creating a node or relationship is not idempotent, so it is never retried;
/// merging and deleting an event's graph are (a second run changes nothing), so they are retried like reads.
/// </summary>
public sealed class ResilientGraphStore(IGraphStore inner, BackendPipelines pipelines) : IGraphStore
{
    private readonly BackendPipeline _pipeline = pipelines[Backends.GraphStore];

    public Task<GraphNode> CreateNodeAsync(MemoryNamespace ns, string label, JsonObject properties, CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(false, ct => inner.CreateNodeAsync(ns, label, properties, ct), cancellationToken);

    public Task<IReadOnlyList<GraphNode>> FindNodesAsync(MemoryNamespace ns, string label, JsonObject? properties, int limit, CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(true, ct => inner.FindNodesAsync(ns, label, properties, limit, ct), cancellationToken);

    public Task<long> CountNodesAsync(MemoryNamespace ns, CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(true, ct => inner.CountNodesAsync(ns, ct), cancellationToken);

    public Task<GraphRelationship> CreateRelationshipAsync(MemoryNamespace ns, string fromId, string toId, string type, JsonObject properties, CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(false, ct => inner.CreateRelationshipAsync(ns, fromId, toId, type, properties, ct), cancellationToken);

    public Task<GraphNeighborhood> GetNeighborsAsync(MemoryNamespace ns, string nodeId, int depth, int limit, CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(true, ct => inner.GetNeighborsAsync(ns, nodeId, depth, limit, ct), cancellationToken);

    public Task MergeEventGraphAsync(MemoryNamespace ns, RecordId eventId, ExtractedGraph graph, CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(true, ct => inner.MergeEventGraphAsync(ns, eventId, graph, ct), cancellationToken);

    public Task DeleteEventGraphAsync(MemoryNamespace ns, RecordId eventId, CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(true, ct => inner.DeleteEventGraphAsync(ns, eventId, ct), cancellationToken);

    public Task<IReadOnlyDictionary<string, IReadOnlyList<RecordId>>> GetEventKeysAsync(MemoryNamespace ns, IReadOnlyCollection<string> nodeIds, CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(true, ct => inner.GetEventKeysAsync(ns, nodeIds, ct), cancellationToken);

    public Task<IReadOnlyList<EventMention>> FindEventsMentioningAsync(MemoryNamespace ns, IReadOnlyList<string> entityNames, int limit, CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(true, ct => inner.FindEventsMentioningAsync(ns, entityNames, limit, ct), cancellationToken);

    public Task<EngineDescription> DescribeAsync(CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(true, inner.DescribeAsync, cancellationToken);
}
