using System.Text.Json.Nodes;
using RagMemory.Engines;
using RagMemory.Namespaces;

namespace RagMemory.Vectors.Embedded;

/// <summary>
/// The embedded chunk store: the same HNSW-beside-SQLite store as the clients' vectors, over a table and index file of
/// its own (<see cref="VectorCollection.Chunks"/>), with each chunk's fields kept as a <see cref="ChunkPayload"/>.
/// </summary>
public sealed class HnswSqliteChunkStore(HnswSqliteVectorStore chunks, SkippedRecords skipped) : IChunkStore, IDisposable
{
    public int Dimensions => chunks.Dimensions;

    /// <summary>How the index came up: <c>loaded</c> from its file or <c>rebuilt</c> from SQLite.</summary>
    public string IndexState => chunks.IndexState;

    public Task UpsertAsync(MemoryNamespace ns, IReadOnlyList<ChunkVector> chunkVectors, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chunkVectors);
        var records = chunkVectors.Select(ToRecord).ToList();
        VectorChecks.Records(records, Dimensions, "chunks");
        return chunks.UpsertAsync(ns, records, cancellationToken);
    }

    /// <summary>
    /// The nearest chunks the filter lets through, judged on each stored payload's metadata and acceptance time by the
    /// vector store's deeper search (see <see cref="HnswSqliteVectorStore.SearchWhereAsync"/>). A payload that is not a
    /// chunk's passes no filter, and is skipped as always.
    /// </summary>
    public async Task<IReadOnlyList<ChunkHit>> SearchAsync(MemoryNamespace ns, float[] query, int limit, ChunkFilter? filter = null, CancellationToken cancellationToken = default)
    {
        Func<JsonObject, bool>? passes = filter is null
            ? null
            : payload => ChunkPayload.TryRead(payload, out var chunk, out _) && filter.Matches(chunk.Metadata, chunk.IngestedAt);
        var hits = new List<ChunkHit>();
        foreach (var hit in await chunks.SearchWhereAsync(ns, query, limit, passes, cancellationToken).ConfigureAwait(false))
        {
            if (ChunkPayload.TryRead(hit.Payload, out var chunk, out var invalidField))
            {
                hits.Add(new ChunkHit(chunk.EventId, chunk.ChunkIndex, chunk.Text, chunk.Metadata, hit.Score));
            }
            else
            {
                skipped.Skip(hit.Id, invalidField);
            }
        }

        return hits;
    }

    public Task<IReadOnlyDictionary<string, float[]>> GetVectorsAsync(MemoryNamespace ns, IReadOnlyCollection<string> chunkIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chunkIds);
        var byId = chunkIds.Distinct(StringComparer.Ordinal).ToDictionary(c => RecordId.FromString(c), c => c);
        var found = chunks.GetVectors(ns, byId.Keys);
        return Task.FromResult<IReadOnlyDictionary<string, float[]>>(found.ToDictionary(f => byId[f.Key], f => f.Value, StringComparer.Ordinal));
    }

    public Task DeleteEventAsync(MemoryNamespace ns, RecordId eventId, CancellationToken cancellationToken = default) =>
        chunks.DeleteWhereAsync(ns, PayloadFilter.From(new JsonObject { [ChunkPayload.EventIdField] = eventId.ToJsonNode() })!, cancellationToken);

    public Task<CollectionInfo> GetInfoAsync(CancellationToken cancellationToken = default) => chunks.GetInfoAsync(cancellationToken);

    public Task<long> CountAsync(MemoryNamespace ns, CancellationToken cancellationToken = default) => chunks.CountAsync(ns, cancellationToken);

    public Task<EngineDescription> DescribeAsync(CancellationToken cancellationToken = default) => chunks.DescribeAsync(cancellationToken);

    public void Dispose() => chunks.Dispose();

    private static VectorRecord ToRecord(ChunkVector chunk) =>
        new(RecordId.FromString(chunk.ChunkId), chunk.Vector, new ChunkPayload(chunk.Text, chunk.EventId, chunk.ChunkIndex, chunk.Metadata, chunk.IngestedAt).ToJson());
}
