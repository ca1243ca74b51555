using Qdrant.Client.Grpc;
using RagMemory.Engines;
using RagMemory.Namespaces;
using RagMemory.Vectors;
using CollectionInfo = RagMemory.Vectors.CollectionInfo;

namespace RagMemory.Qdrant;

/// <summary>
/// The clients' vectors in a Qdrant collection of their own (<c>Qdrant:VectorsCollection</c>): one point per record,
/// its id derived from namespace and record id (<see cref="QdrantPointIds"/>), the record laid out by
/// <see cref="QdrantVectorPayload"/>, every query confined to its namespace by a payload filter.
/// </summary>
public sealed class QdrantVectorStore(QdrantCollection collection) : IVectorStore, IDescribesEngine
{
    private readonly QdrantOptions _options = collection.Spec.Options;

    public int Dimensions => _options.Dimensions;

    public async Task UpsertAsync(MemoryNamespace ns, IReadOnlyList<VectorRecord> records, CancellationToken cancellationToken = default)
    {
        VectorChecks.Records(records, Dimensions);
        if (records.Count == 0)
        {
            return;
        }

        var points = records.Select(r => new PointStruct
        {
            Id = QdrantPointIds.For(ns, r.Id),
            Vectors = r.Vector,
            Payload = { QdrantVectorPayload.ToPoint(ns, r.Id, r.Payload) },
        }).ToList();
        await collection.CallAsync("upsert", "records", c => c.UpsertAsync(collection.Name, points, wait: true, cancellationToken: cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<VectorHit>> SearchAsync(MemoryNamespace ns, float[] query, int limit, PayloadFilter? filter = null, CancellationToken cancellationToken = default)
    {
        VectorChecks.Search(query, limit, Dimensions);
        var found = await collection.CallAsync("search", "query", c => c.QueryAsync(
            collection.Name,
            query: query,
            filter: QdrantFilters.For(ns, filter),
            searchParams: new SearchParams { HnswEf = (ulong)_options.HnswEfSearch },
            limit: (ulong)limit,
            payloadSelector: true,
            cancellationToken: cancellationToken), cancellationToken).ConfigureAwait(false);
        return found.Select(p => new VectorHit(QdrantVectorPayload.ReadId(p.Payload), p.Score, QdrantVectorPayload.ReadPayload(p.Payload))).ToList();
    }

    public async Task DeleteAsync(MemoryNamespace ns, IReadOnlyList<RecordId> ids, CancellationToken cancellationToken = default)
    {
        if (ids.Count == 0)
        {
            return;
        }

        var points = ids.Select(id => QdrantPointIds.For(ns, id)).ToList();
        await collection.CallAsync("delete", "ids", c => c.DeleteAsync(collection.Name, points, wait: true, cancellationToken: cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes every record of the namespace (for when a namespace is deleted; the port has no such call yet).</summary>
    public async Task DeleteNamespaceAsync(MemoryNamespace ns, CancellationToken cancellationToken = default)
    {
        await collection.DeleteWhereAsync("delete", "namespace", QdrantFilters.InNamespace(ns), cancellationToken).ConfigureAwait(false);
    }

    public Task<CollectionInfo> GetInfoAsync(CancellationToken cancellationToken = default) => QdrantInfo.ReadAsync(collection, cancellationToken);

    public Task<long> CountAsync(MemoryNamespace ns, CancellationToken cancellationToken = default) => QdrantInfo.CountAsync(collection, ns, cancellationToken);

    public Task<EngineDescription> DescribeAsync(CancellationToken cancellationToken = default) => QdrantInfo.DescribeAsync(collection, "vectors", cancellationToken);
}
