using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using RagMemory.LoadTest.Scenarios;

namespace RagMemory.LoadTest.Baselines;

/// <summary>
/// Fills the clients' vector collection through <c>POST /memory/upsert</c> with random unit vectors, so that a load
/// run searches an index of realistic size. Ids start far above the seed scenario's 1..1000, so its upserts replace none.
/// </summary>
public static class Preload
{
    public static async Task<TimeSpan> RunAsync(HttpClient client, string token, int vectors, int batch, long firstId, int parallel, int seed, TextWriter progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(progress);
        var started = Stopwatch.GetTimestamp();
        var batches = (vectors + batch - 1) / batch;
        var sent = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, batches), new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = cancellationToken }, async (index, token2) =>
        {
            var random = new Random(seed + index);
            var count = Math.Min(batch, vectors - (index * batch));
            var body = new
            {
                vectors = Enumerable.Range(0, count).Select(i => new
                {
                    id = firstId + ((long)index * batch) + i,
                    vector = RandomVectors.Unit(random, ScenarioCatalog.Dimensions),
                    payload = new { text = $"preload_{index * batch + i}" },
                }).ToList(),
            };
            using var request = new HttpRequestMessage(HttpMethod.Post, "/memory/upsert") { Content = JsonContent.Create(body) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await client.SendAsync(request, token2);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"POST /memory/upsert of batch {index} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(token2)}");
            }

            var done = Interlocked.Add(ref sent, count);
            if (done / batch % 10 == 0 || done == vectors)
            {
                await progress.WriteLineAsync($"[{Stopwatch.GetElapsedTime(started).TotalSeconds,5:F0} s] {done} / {vectors} vectors upserted");
            }
        });
        return Stopwatch.GetElapsedTime(started);
    }
}
