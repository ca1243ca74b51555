using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.Options;
using RagMemory.Embeddings;
using RagMemory.Embeddings.MiniLm;

namespace RagMemory.LoadTest.Baselines;

/// <summary>
/// Ingestion through the API of a running portal against the bare embedder in this process, block by block (API,
/// then the embedder on the same block's chunks), so that the machine's changing load falls on both alike. The
/// chunker and embedder use the portal's default settings; the portal must run with them too.
/// </summary>
public static class IngestionAgainstEmbedder
{
    public static async Task<IngestionResult> RunAsync(HttpClient client, string token, IReadOnlyList<string> texts, int blocks, int concurrency, TextWriter progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(progress);
        var options = Options.Create(new EmbeddingOptions());
        var chunker = new TextChunker(options);
        using var embedder = new MiniLmEmbeddingGenerator(options);
        await embedder.GenerateAsync(texts.Take(16), cancellationToken: cancellationToken);

        var run = Guid.NewGuid().ToString("N")[..8];
        var api = TimeSpan.Zero;
        var bare = TimeSpan.Zero;
        var chunks = 0;
        var blockSize = (texts.Count + blocks - 1) / blocks;
        var offset = 0;
        foreach (var block in texts.Chunk(blockSize))
        {
            api += await IngestAsync(client, token, block, $"load-ingest-{run}-{offset}", concurrency, cancellationToken);
            offset += block.Length;

            var blockChunks = block.SelectMany(text => chunker.Split(text)).Select(chunk => chunk.Text).ToList();
            chunks += blockChunks.Count;
            var started = Stopwatch.GetTimestamp();
            await embedder.GenerateAsync(blockChunks, cancellationToken: cancellationToken);
            bare += Stopwatch.GetElapsedTime(started);
            await progress.WriteLineAsync($"{offset} / {texts.Count} texts: API {api.TotalSeconds:F1} s, embedder {bare.TotalSeconds:F1} s");
        }

        return new IngestionResult(texts.Count, chunks, api.TotalSeconds, bare.TotalSeconds);
    }

    private static async Task<TimeSpan> IngestAsync(HttpClient client, string token, IReadOnlyList<string> texts, string idPrefix, int concurrency, CancellationToken cancellationToken)
    {
        var before = await DoneAsync(client, token, cancellationToken);
        var started = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(Enumerable.Range(0, texts.Count), new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/ingest/") { Content = JsonContent.Create(new { id = $"{idPrefix}-{i}", text = texts[i], metadata = new { source = "load-ingest" } }) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await client.SendAsync(request, ct);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"POST /ingest/ answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
            }
        });

        while (await DoneAsync(client, token, cancellationToken) - before < texts.Count)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken);
        }

        return Stopwatch.GetElapsedTime(started);
    }

    /// <summary>Events done so far, from the admin queue counts (not rate limited, unlike <c>GET /ingest/{id}</c>).</summary>
    private static async Task<long> DoneAsync(HttpClient client, string token, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/ingestion/queue");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        var counts = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(cancellationToken);
        if (counts.GetProperty("dead_lettered").GetInt64() > 0)
        {
            throw new InvalidOperationException("Events were dead-lettered during the ingestion run: see GET /admin/ingestion/dead-letters.");
        }

        return counts.GetProperty("done").GetInt64();
    }
}
