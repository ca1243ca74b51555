using Qdrant.Client.Grpc;
using RagMemory.Engines;
using RagMemory.Namespaces;
using RagMemory.Vectors;
using CollectionInfo = RagMemory.Vectors.CollectionInfo;

namespace RagMemory.Qdrant;

/// <summary>
/// The vectors of ingested chunks in a Qdrant collection of their own (<c>Qdrant:ChunksCollection</c>), apart from
/// the clients' vectors. A chunk's point id derives from namespace and chunk id, so upserting a chunk again replaces it;
/// deleting an event is one delete by filter on the indexed event field.
/// </summary>
public sealed class QdrantChunkStore(QdrantCollection collection, SkippedRecords skipped) : IChunkStore, IDescribesEngine
{
    private readonly QdrantOptions _options = collection.Spec.Options;

    public int Dimensions => _options.Dimensions;

    public async Task UpsertAsync(MemoryNamespace ns, IReadOnlyList<ChunkVector> chunks, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        for (var i = 0; i < chunks.Count; i++)
        {
            Errors.Guard.Vector(chunks[i].Vector, Dimensions, $"chunks[{i}].vector");
        }

        if (chunks.Count == 0)
        {
            return;
        }

        var points = chunks.Select(c => new PointStruct
        {
            Id = QdrantPointIds.For(ns, RecordId.FromString(c.ChunkId)),
            Vectors = c.Vector,
            Payload = { QdrantChunkPayload.ToPoint(ns, c.EventId, c.ChunkIndex, c.Text, c.Metadata, c.IngestedAt) },
        }).ToList();
        await collection.CallAsync("chunk upsert", "chunks", c => c.UpsertAsync(collection.Name, points, wait: true, cancellationToken: cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ChunkHit>> SearchAsync(MemoryNamespace ns, float[] query, int limit, ChunkFilter? filter = null, CancellationToken cancellationToken = default)
    {
        VectorChecks.Search(query, limit, Dimensions);
        var found = await collection.CallAsync("chunk search", "query", c => c.QueryAsync(
            collection.Name,
            query: query,
            filter: QdrantFilters.For(ns, filter),
            searchParams: new SearchParams { HnswEf = (ulong)_options.HnswEfSearch },
            limit: (ulong)limit,
            payloadSelector: true,
            cancellationToken: cancellationToken), cancellationToken).ConfigureAwait(false);
        var hits = new List<ChunkHit>(found.Count);
        foreach (var point in found)
        {
            if (QdrantChunkPayload.TryRead(point.Payload, out var chunk, out var invalidField))
            {
                hits.Add(new ChunkHit(chunk!.EventId, chunk.ChunkIndex, chunk.Text, chunk.Metadata, point.Score));
            }
            else
            {
                skipped.Skip(RecordId.FromString(point.Id.Uuid), invalidField!);
            }
        }

        return hits;
    }

    public async Task<IReadOnlyDictionary<string, float[]>> GetVectorsAsync(MemoryNamespace ns, IReadOnlyCollection<string> chunkIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chunkIds);
        var byPoint = chunkIds.Distinct(StringComparer.Ordinal).ToDictionary(c => QdrantPointIds.For(ns, RecordId.FromString(c)).ToString(), c => c, StringComparer.OrdinalIgnoreCase);
        if (byPoint.Count == 0)
        {
            return new Dictionary<string, float[]>();
        }

        var ids = byPoint.Keys.Select(k => new PointId { Uuid = k }).ToList();
        var points = await collection.CallAsync("chunk vectors", "retrieve", c => c.RetrieveAsync(collection.Name, ids, withPayload: false, withVectors: true, cancellationToken: cancellationToken), cancellationToken).ConfigureAwait(false);
        var found = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var point in points)
        {
            if (byPoint.TryGetValue(point.Id.Uuid, out var chunkId) && point.Vectors?.Vector is { } vector)
            {
#pragma warning disable CS0612, CS0618 // a server older than the client fills only the deprecated flat field
                found[chunkId] = vector.Dense is { } dense ? [.. dense.Data] : [.. vector.Data];
#pragma warning restore CS0612, CS0618
            }
        }

        return found;
    }

    public async Task DeleteEventAsync(MemoryNamespace ns, RecordId eventId, CancellationToken cancellationToken = default)
    {
        await collection.DeleteWhereAsync("chunk delete", "event_id", QdrantChunkPayload.OfEvents(ns, [eventId]), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes every chunk of the namespace (for when a namespace is deleted; the port has no such call yet).</summary>
    public async Task DeleteNamespaceAsync(MemoryNamespace ns, CancellationToken cancellationToken = default)
    {
        await collection.DeleteWhereAsync("chunk delete", "namespace", QdrantFilters.InNamespace(ns), cancellationToken).ConfigureAwait(false);
    }

    public Task<CollectionInfo> GetInfoAsync(CancellationToken cancellationToken = default) => QdrantInfo.ReadAsync(collection, cancellationToken);

    public Task<long> CountAsync(MemoryNamespace ns, CancellationToken cancellationToken = default) => QdrantInfo.CountAsync(collection, ns, cancellationToken);

    public Task<EngineDescription> DescribeAsync(CancellationToken cancellationToken = default) => QdrantInfo.DescribeAsync(collection, "chunks", cancellationToken);
}
