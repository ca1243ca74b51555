using Microsoft.Extensions.AI;
using RagMemory.Embeddings;
using RagMemory.Graph;
using RagMemory.Keywords;
using RagMemory.Namespaces;
using RagMemory.Vectors;

namespace RagMemory.Ingestion;

/// <summary>
/// Turns events into searchable memory: chunks, one embedding run for all chunks of a batch, then vectors,
/// keywords and graph. Every write is an upsert keyed by event and chunk, so processing an event again is harmless.
/// Each chunk carries its event's metadata and acceptance time (<see cref="IngestStatus.CreatedAt"/>), by which a
/// filtered search is judged inside the chunk store and the keyword index. The events of one call share a namespace.
/// </summary>
public sealed class IngestionPipeline(
    TextChunker chunker,
    IEmbeddingGenerator<string, Embedding<float>> embedder,
    IChunkStore chunkVectors,
    IKeywordIndex keywords,
    IGraphStore graph)
{
    public async Task ProcessAsync(MemoryNamespace ns, IReadOnlyList<SourceEvent> events, CancellationToken cancellationToken = default)
    {
        var chunked = events.Select(e => (Event: e.Event, AcceptedAt: e.Status.CreatedAt, Chunks: chunker.Split(e.Event.Text))).ToList();
        var texts = chunked.SelectMany(c => c.Chunks.Select(chunk => chunk.Text)).ToList();
        var embeddings = await embedder.GenerateAsync(texts, cancellationToken: cancellationToken).ConfigureAwait(false);

        var next = 0;
        var records = new List<ChunkVector>(texts.Count);
        foreach (var (ingestEvent, acceptedAt, chunks) in chunked)
        {
            foreach (var chunk in chunks)
            {
                records.Add(new ChunkVector(ingestEvent.Id, chunk.Index, chunk.Text, ingestEvent.Metadata, embeddings[next++].Vector.ToArray(), acceptedAt));
            }
        }

        await chunkVectors.UpsertAsync(ns, records, cancellationToken).ConfigureAwait(false);
        foreach (var (ingestEvent, acceptedAt, chunks) in chunked)
        {
            var documents = chunks.Select(c => new KeywordDocument(ChunkIds.For(ingestEvent.Id, c.Index), ingestEvent.Id, c.Index, c.Text, ingestEvent.Metadata, acceptedAt)).ToList();
            await keywords.ReplaceEventAsync(ns, ingestEvent.Id, documents, cancellationToken).ConfigureAwait(false);
            await graph.MergeEventGraphAsync(ns, ingestEvent.Id, EntityExtractor.Extract(ingestEvent.Text), cancellationToken).ConfigureAwait(false);
        }
    }
}
