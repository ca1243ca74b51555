using RagMemory.Namespaces;

namespace RagMemory.Graph;

/// <summary>
/// A bridge for the one caller not yet handed a namespace: hybrid search, whose own reshaping (namespaces in search
/// requests) is a separate change. It asks the <see cref="MemoryNamespace.Default"/> namespace, as everything does
/// today; delete this once that caller passes its namespace to <see cref="IGraphStore.FindEventsMentioningAsync"/>.
/// </summary>
public static class GraphStoreDefaultNamespace
{
    public static Task<IReadOnlyList<EventMention>> FindEventsMentioningAsync(this IGraphStore graph, IReadOnlyList<string> entityNames, int limit, CancellationToken cancellationToken = default) =>
        graph.FindEventsMentioningAsync(MemoryNamespace.Default, entityNames, limit, cancellationToken);
}
