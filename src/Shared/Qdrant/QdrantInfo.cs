using RagMemory.Engines;
using RagMemory.Vectors;

namespace RagMemory.Qdrant;

/// <summary>What <c>/memory/collection/info</c> and the Health page say of a Qdrant collection.</summary>
public static class QdrantInfo
{
    public const string Engine = "qdrant";

    public static async Task<CollectionInfo> ReadAsync(QdrantCollection collection, CancellationToken cancellationToken)
    {
        var info = await collection.CallAsync("collection info", null, c => c.GetCollectionInfoAsync(collection.Name, cancellationToken), cancellationToken).ConfigureAwait(false);

        // The info's point count is an estimate while segments are optimised; an exact count is what the port promises.
        var size = await collection.CallAsync("count", null, c => c.CountAsync(collection.Name, exact: true, cancellationToken: cancellationToken), cancellationToken).ConfigureAwait(false);
        var options = collection.Spec.Options;
        return new CollectionInfo(
            (long)size,
            collection.Spec.Sparse ? 0 : options.Dimensions,
            collection.Spec.Sparse ? "bm25" : options.Distance.ToString().ToLowerInvariant(),
            info.Status.ToString().ToLowerInvariant(),
            Engine);
    }

    /// <summary>The exact number of the namespace's points, counted by Qdrant under the namespace filter every query of ours carries.</summary>
    public static async Task<long> CountAsync(QdrantCollection collection, Namespaces.MemoryNamespace ns, CancellationToken cancellationToken) =>
        (long)await collection.CallAsync("count", null, c => c.CountAsync(collection.Name, QdrantFilters.InNamespace(ns), exact: true, cancellationToken: cancellationToken), cancellationToken).ConfigureAwait(false);

    /// <summary>Qdrant's version from its health check and the collection's point count: two round trips, proving it answers.</summary>
    public static async Task<EngineDescription> DescribeAsync(QdrantCollection collection, string what, CancellationToken cancellationToken)
    {
        var health = await QdrantFailures.Call("health check", null, () => collection.Client.HealthAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
        var info = await ReadAsync(collection, cancellationToken).ConfigureAwait(false);
        return new EngineDescription("Qdrant", health.Version, $"{collection.Location}/{collection.Name}", [new EngineSize(what, info.Size, EngineSize.Records)]);
    }
}
