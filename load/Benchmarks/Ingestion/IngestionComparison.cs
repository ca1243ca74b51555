using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using RagMemory.Embeddings;
using RagMemory.Evaluation;
using RagMemory.Load.Hosting;
using RagMemory.Load.Retrieval;

namespace RagMemory.Load.Ingestion;

/// <summary>
/// Ingests documents through <c>POST /ingest/</c> and embeds the same texts with the bare embedder, block by block
/// (embedder on the texts, embedder on their chunks, then the API, then the next block), so that changes in the machine's load fall on both alike.
/// </summary>
public static class IngestionComparison
{
    public static async Task<(IngestionThroughput Throughput, IReadOnlyList<float[]> TextVectors)> RunAsync(BenchmarkHost host, IReadOnlyList<EvaluationDocument> documents, int blocks = 4)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(documents);
        var embedder = host.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
        var chunker = host.Services.GetRequiredService<TextChunker>();
        await embedder.GenerateAsync(documents.Take(16).Select(d => d.Text));

        var raw = TimeSpan.Zero;
        var rawChunks = TimeSpan.Zero;
        var ingest = TimeSpan.Zero;
        var vectors = new List<float[]>(documents.Count);
        var blockSize = (documents.Count + blocks - 1) / blocks;
        foreach (var block in documents.Chunk(blockSize))
        {
            var (elapsed, blockVectors) = await RawEmbedderRun.EmbedAsync(embedder, block.Select(d => d.Text).ToList());
            raw += elapsed;
            vectors.AddRange(blockVectors);
            rawChunks += (await RawEmbedderRun.EmbedAsync(embedder, block.SelectMany(d => chunker.Split(d.Text)).Select(c => c.Text).ToList())).Elapsed;
            ingest += await CollectionIngestion.IngestAsync(host, block);
        }

        var chunks = documents.Sum(d => chunker.Split(d.Text).Count);
        return (new IngestionThroughput(documents.Count, chunks, raw.TotalSeconds, rawChunks.TotalSeconds, ingest.TotalSeconds), vectors);
    }
}
