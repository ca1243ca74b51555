using RagMemory.Ingestion;
using RagMemory.Namespaces;

namespace RagMemory.Vectors;

/// <summary>
/// <c>/memory/search</c> over both collections: the clients' vectors and the ingested chunks, merged by score, each hit
/// saying which it is. A chunk shows the payload it always had (<c>text</c>, <c>event_id</c>, <c>chunk_index</c>,
/// <c>metadata</c>), and a payload filter means the same on both.
/// </summary>
public sealed class MemorySearch(IVectorStore vectors, IChunkStore chunks, IEventStore events)
{
    private readonly VisibleVersions _visible = new(events);

    /// <summary>How many more chunks than asked a filtered search reads, since chunks are filtered after the search.</summary>
    private const int FilteredOversampling = 20;

    public async Task<IReadOnlyList<MemoryHit>> SearchAsync(MemoryNamespace ns, float[] query, int limit, PayloadFilter? filter, CancellationToken cancellationToken = default)
    {
        var clientSearch = vectors.SearchAsync(ns, query, limit, filter, cancellationToken);
        var chunkDepth = filter is null ? limit : Math.Min(VectorChecks.MaxSearchLimit, limit * FilteredOversampling);
        var chunkSearch = chunks.SearchAsync(ns, query, chunkDepth, cancellationToken: cancellationToken);
        await Task.WhenAll(clientSearch, chunkSearch).ConfigureAwait(false);

        var clientHits = (await clientSearch.ConfigureAwait(false)).Select(h => new MemoryHit(h.Id, h.Score, h.Payload, MemoryHit.ClientSource));
        var chunkHits = (await _visible.FilterAsync(ns, await chunkSearch.ConfigureAwait(false), cancellationToken).ConfigureAwait(false))
            .Select(h => new MemoryHit(RecordId.FromString(h.ChunkId), h.Score, new ChunkPayload(h.Text, h.EventId, h.ChunkIndex, h.Metadata).ToJson(), MemoryHit.ChunkSource))
            .Where(h => filter is null || filter.Matches(h.Payload));
        return clientHits.Concat(chunkHits).OrderByDescending(h => h.Score).Take(limit).ToList();
    }
}
