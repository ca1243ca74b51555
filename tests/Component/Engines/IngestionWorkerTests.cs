using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RagMemory.Ingestion;
using RagMemory.Ingestion.Embedded;

namespace RagMemory.Tests.Engines;

/// <summary>The background worker over the real queue and pipeline: it finishes, resumes and dead-letters events.</summary>
[Collection(MiniLmCollection.Name)]
public sealed class IngestionWorkerTests(MiniLmFixture model)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task An_enqueued_event_is_processed_to_done_and_becomes_searchable()
    {
        using var engines = new EmbeddedEngines(model.Generator);
        var queue = Queue(engines, maxAttempts: 3);
        await queue.EnqueueAsync(new IngestEvent(RecordId.FromString("e1"), "Grace Hopper built an early compiler.", []));

        using (var worker = await StartWorkerAsync(queue, engines))
        {
            await WaitForStateAsync(queue, RecordId.FromString("e1"), IngestStates.Done);
            await worker.StopAsync(CancellationToken.None);
        }

        Assert.Equal(RecordId.FromString("e1"), (await engines.Search.SearchAsync("compiler", 1))[0].EventId);
    }

    [Fact]
    public async Task An_event_left_processing_by_a_stopped_process_is_resumed_at_start()
    {
        using var engines = new EmbeddedEngines(model.Generator);
        var before = Queue(engines, maxAttempts: 3);
        await before.EnqueueAsync(new IngestEvent(RecordId.FromInteger(3), "Alan Turing described a universal machine.", []));
        Assert.Single(await before.ClaimDueAsync(10));

        var after = Queue(engines, maxAttempts: 3);
        using (var worker = await StartWorkerAsync(after, engines))
        {
            await WaitForStateAsync(after, RecordId.FromInteger(3), IngestStates.Done);
            await worker.StopAsync(CancellationToken.None);
        }

        Assert.Equal(2, (await after.GetStatusAsync(RecordId.FromInteger(3)))!.Attempts);
    }

    [Fact]
    public async Task An_event_whose_processing_always_fails_is_dead_lettered_with_its_error()
    {
        // Vectors of the wrong length for the store make every attempt fail.
        using var engines = new EmbeddedEngines(model.Generator, dimensions: 8);
        var queue = Queue(engines, maxAttempts: 2);
        await queue.EnqueueAsync(new IngestEvent(RecordId.FromString("poison"), "Any text at all.", []));

        IngestStatus status;
        using (var worker = await StartWorkerAsync(queue, engines))
        {
            status = await WaitForStateAsync(queue, RecordId.FromString("poison"), IngestStates.DeadLettered);
            await worker.StopAsync(CancellationToken.None);
        }

        Assert.Equal(2, status.Attempts);
        Assert.Contains("InvalidInputException", status.Error, StringComparison.Ordinal);
    }

    private static SqliteIngestionQueue Queue(EmbeddedEngines engines, int maxAttempts) => new(
        engines.Database,
        Options.Create(new IngestionOptions { MaxAttempts = maxAttempts, RetryBaseDelay = TimeSpan.FromMilliseconds(10), RetryMaxDelay = TimeSpan.FromMilliseconds(20) }),
        TimeProvider.System);

    private static async Task<IngestionWorker> StartWorkerAsync(IIngestionQueue queue, EmbeddedEngines engines)
    {
        var worker = new IngestionWorker(
            queue,
            engines.Pipeline,
            Options.Create(new IngestionOptions { PollInterval = TimeSpan.FromMilliseconds(20) }),
            NullLogger<IngestionWorker>.Instance);
        await worker.StartAsync(CancellationToken.None);
        return worker;
    }

    /// <summary>Polls the queue, with a generous bound for a loaded machine, until the event reaches the state.</summary>
    private static async Task<IngestStatus> WaitForStateAsync(IIngestionQueue queue, RecordId id, string state)
    {
        var deadline = DateTime.UtcNow + Bound;
        IngestStatus? status = null;
        while (DateTime.UtcNow < deadline)
        {
            status = await queue.GetStatusAsync(id);
            if (status?.State == state)
            {
                return status;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"Event {id} did not reach '{state}' within {Bound}; last status: {status}");
    }
}
