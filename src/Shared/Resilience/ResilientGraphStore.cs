using System.Text.Json.Nodes;
using RagMemory.Graph;

namespace RagMemory.Resilience;

/// <summary>The graph behind its backend pipeline. Creating a node or relationship is not idempotent, so it is never retried.</summary>
public sealed class ResilientGraphStore(IGraphStore inner, BackendPipelines pipelines) : IGraphStore
{
    private readonly BackendPipeline _pipeline = pipelines[Backends.GraphStore];

    public Task<GraphNode> CreateNodeAsync(string label, JsonObject properties, CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(false, ct => inner.CreateNodeAsync(label, properties, ct), cancellationToken);

    public Task<IReadOnlyList<GraphNode>> FindNodesAsync(string label, JsonObject? properties, int limit, CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(true, ct => inner.FindNodesAsync(label, properties, limit, ct), cancellationToken);

    public Task<GraphRelationship> CreateRelationshipAsync(long fromId, long toId, string type, JsonObject properties, CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(false, ct => inner.CreateRelationshipAsync(fromId, toId, type, properties, ct), cancellationToken);

    public Task<GraphNeighborhood> GetNeighborsAsync(long nodeId, int depth, int limit, CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(true, ct => inner.GetNeighborsAsync(nodeId, depth, limit, ct), cancellationToken);

    public Task MergeEventGraphAsync(RecordId eventId, ExtractedGraph graph, CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(true, ct => inner.MergeEventGraphAsync(eventId, graph, ct), cancellationToken);

    public Task<IReadOnlyList<EventMention>> FindEventsMentioningAsync(IReadOnlyList<string> entityNames, int limit, CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(true, ct => inner.FindEventsMentioningAsync(entityNames, limit, ct), cancellationToken);
}
