using System.Diagnostics;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using RagMemory.Evaluation;
using RagMemory.Ingestion;
using RagMemory.Namespaces;
using RagMemory.Load.Hosting;

namespace RagMemory.Load.Retrieval;

/// <summary>Sends every document of a collection through <c>POST /ingest/</c> and waits until all are searchable.</summary>
public static class CollectionIngestion
{
    public static async Task<TimeSpan> IngestAsync(BenchmarkHost host, IReadOnlyList<EvaluationDocument> documents, int concurrency = 4)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(documents);
        using var client = await host.CreateAdminClientAsync();
        var queue = host.Services.GetRequiredService<IEventStore>();
        var before = (await queue.GetCountsAsync(MemoryNamespace.Default)).Done;
        var started = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(documents, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (document, cancellationToken) =>
        {
            using var response = await client.PostAsJsonAsync("/ingest/", new { id = document.Id, text = document.Text, metadata = new { title = document.Title } }, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"POST /ingest/ of document {document.Id} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
            }
        });

        while (true)
        {
            var counts = await queue.GetCountsAsync(MemoryNamespace.Default);
            if (counts.DeadLettered > 0)
            {
                throw new InvalidOperationException($"{counts.DeadLettered} documents were dead-lettered during ingestion.");
            }

            if (counts.Done - before >= documents.Count)
            {
                return Stopwatch.GetElapsedTime(started);
            }

            await Task.Delay(20);
        }
    }
}
