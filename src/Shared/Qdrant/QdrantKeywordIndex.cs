using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Qdrant.Client.Grpc;
using RagMemory.Engines;
using RagMemory.Keywords;
using RagMemory.Namespaces;
using RagMemory.Vectors;

namespace RagMemory.Qdrant;

/// <summary>
/// Keyword search on Qdrant alone: each chunk a point in <c>Qdrant:KeywordsCollection</c> with its BM25 sparse vector
/// (<see cref="QdrantBm25"/>) and its text, so search, reads and deletes need no SQLite. Replacing an event writes the
/// new chunks first and then deletes the event's other points, so a failure in between leaves old and new chunks, never none.
/// </summary>
public sealed class QdrantKeywordIndex(QdrantCollection collection, QdrantBm25 bm25, IOptions<KeywordIndexOptions> options) : IKeywordIndex, IDescribesEngine
{
    public const string ChunkIdField = "chunk_id";
    private const uint ScrollPage = 256;
    private readonly bool _dropStopWords = options.Value.DropQueryStopWords;

    public async Task ReplaceEventAsync(MemoryNamespace ns, RecordId eventId, IReadOnlyList<KeywordDocument> documents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var ids = documents.Select(d => QdrantPointIds.For(ns, RecordId.FromString(d.ChunkId))).ToList();
        if (documents.Count > 0)
        {
            var points = documents.Select((d, i) => new PointStruct
            {
                Id = ids[i],
                Vectors = new Dictionary<string, Vector> { [QdrantCollectionSpec.SparseVectorName] = bm25.Document(d.Text) },
                Payload = { Payload(ns, eventId, d) },
            }).ToList();
            await collection.CallAsync("keyword upsert", "documents", c => c.UpsertAsync(collection.Name, points, wait: true, cancellationToken: cancellationToken), cancellationToken).ConfigureAwait(false);
        }

        var stale = QdrantChunkPayload.OfEvents(ns, [eventId]);
        if (ids.Count > 0)
        {
            stale.MustNot.Add(Conditions.HasId(ids));
        }

        await collection.DeleteWhereAsync("keyword delete", "event_id", stale, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<KeywordHit>> SearchAsync(MemoryNamespace ns, string query, int limit, ChunkFilter? filter = null, CancellationToken cancellationToken = default)
    {
        if (bm25.Query(query, _dropStopWords) is not { } sparse)
        {
            return [];
        }

        var found = await collection.CallAsync("keyword search", "query", c => c.QueryAsync(
            collection.Name,
            query: sparse,
            usingVector: QdrantCollectionSpec.SparseVectorName,
            filter: QdrantFilters.For(ns, filter),
            limit: (ulong)limit,
            payloadSelector: true,
            cancellationToken: cancellationToken), cancellationToken).ConfigureAwait(false);
        return found.Select(p => new KeywordHit(ReadDocument(p.Payload), p.Score)).ToList();
    }

    public async Task<IReadOnlyList<KeywordDocument>> GetChunksAsync(MemoryNamespace ns, IReadOnlyList<RecordId> eventIds, CancellationToken cancellationToken = default)
    {
        if (eventIds.Count == 0)
        {
            return [];
        }

        var documents = new List<KeywordDocument>();
        PointId? offset = null;
        do
        {
            var page = await collection.CallAsync("keyword read", "event_ids", c => c.ScrollAsync(
                collection.Name,
                QdrantChunkPayload.OfEvents(ns, eventIds),
                limit: ScrollPage,
                offset: offset,
                payloadSelector: true,
                cancellationToken: cancellationToken), cancellationToken).ConfigureAwait(false);
            documents.AddRange(page.Result.Select(p => ReadDocument(p.Payload)));
            offset = page.NextPageOffset;
        }
        while (offset is not null);

        var order = eventIds.Select((id, i) => (id, i)).GroupBy(e => e.id).ToDictionary(g => g.Key, g => g.First().i);
        return documents.OrderBy(d => order[d.EventId]).ThenBy(d => d.ChunkIndex).ToList();
    }

    public async Task DeleteEventAsync(MemoryNamespace ns, RecordId eventId, CancellationToken cancellationToken = default)
    {
        await collection.DeleteWhereAsync("keyword delete", "event_id", QdrantChunkPayload.OfEvents(ns, [eventId]), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes every chunk of the namespace (for when a namespace is deleted; the port has no such call yet).</summary>
    public async Task DeleteNamespaceAsync(MemoryNamespace ns, CancellationToken cancellationToken = default)
    {
        await collection.DeleteWhereAsync("keyword delete", "namespace", QdrantFilters.InNamespace(ns), cancellationToken).ConfigureAwait(false);
    }

    public Task<EngineDescription> DescribeAsync(CancellationToken cancellationToken = default) => QdrantInfo.DescribeAsync(collection, "keyword chunks", cancellationToken);

    private static Dictionary<string, Value> Payload(MemoryNamespace ns, RecordId eventId, KeywordDocument document)
    {
        var payload = QdrantChunkPayload.ToPoint(ns, eventId, document.ChunkIndex, document.Text, document.Metadata, document.IngestedAt);
        payload[ChunkIdField] = document.ChunkId;
        return payload;
    }

    private static KeywordDocument ReadDocument(IDictionary<string, Value> payload) => new(
        payload[ChunkIdField].StringValue,
        RecordId.FromStoredJson(payload[QdrantChunkPayload.EventIdField].StringValue),
        (int)payload[QdrantChunkPayload.ChunkIndexField].IntegerValue,
        payload[QdrantChunkPayload.TextField].StringValue,
        payload.TryGetValue(QdrantChunkPayload.MetadataJsonField, out var metadata) ? JsonNode.Parse(metadata.StringValue) as JsonObject : null,
        payload.TryGetValue(QdrantChunkPayload.IngestedAtField, out var at) ? DateTimeOffset.FromUnixTimeMilliseconds(at.IntegerValue) : null);
}
