using RagMemory.Graph;
using RagMemory.Ingestion;
using RagMemory.Vectors;

namespace RagMemory.Namespaces;

/// <summary>What one namespace holds: events (any state), ingested chunks, clients' vectors and graph nodes.</summary>
public sealed record NamespaceCount(string Namespace, long Events, long Chunks, long Vectors, long Nodes);

/// <summary>
/// Counts per namespace for <c>/memory/collection/info</c> and the Health page, each from its own engine under the
/// namespace every query of that engine carries. The namespaces known are those holding events, and <c>default</c>.
/// </summary>
public sealed class NamespaceCounts(IEventStore events, IChunkStore chunks, IVectorStore vectors, IGraphStore graph)
{
    public async Task<IReadOnlyList<MemoryNamespace>> KnownAsync(CancellationToken cancellationToken = default) =>
        [.. (await events.ListNamespacesAsync(cancellationToken).ConfigureAwait(false)).Append(MemoryNamespace.Default).Distinct().OrderBy(n => n.Name, StringComparer.Ordinal)];

    public async Task<NamespaceCount> CountAsync(MemoryNamespace ns, CancellationToken cancellationToken = default)
    {
        var queue = await events.GetCountsAsync(ns, cancellationToken).ConfigureAwait(false);
        return new NamespaceCount(
            ns.Name,
            queue.Queued + queue.Processing + queue.Done + queue.Failed + queue.DeadLettered,
            await chunks.CountAsync(ns, cancellationToken).ConfigureAwait(false),
            await vectors.CountAsync(ns, cancellationToken).ConfigureAwait(false),
            await graph.CountNodesAsync(ns, cancellationToken).ConfigureAwait(false));
    }

    public async Task<IReadOnlyList<NamespaceCount>> CountAsync(IEnumerable<MemoryNamespace> namespaces, CancellationToken cancellationToken = default)
    {
        var counts = new List<NamespaceCount>();
        foreach (var ns in namespaces)
        {
            counts.Add(await CountAsync(ns, cancellationToken).ConfigureAwait(false));
        }

        return counts;
    }
}
