using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RagMemory.Ingestion;
using RagMemory.Ingestion.Embedded;
using RagMemory.Namespaces;

namespace RagMemory.Tests.Engines;

/// <summary>
/// The background worker over the real embedded store, bus and pipeline: it finishes, resumes, reconciles and
/// dead-letters events, and acknowledges deliveries only once the store has the outcome.
/// </summary>
[Collection(MiniLmCollection.Name)]
public sealed class IngestionWorkerTests(MiniLmFixture model)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    private static readonly MemoryNamespace Ns = MemoryNamespace.Default;

    [Fact]
    public async Task A_submitted_event_is_processed_to_done_and_becomes_searchable()
    {
        using var engines = new EmbeddedEngines(model.Generator);
        var (store, bus) = Ports(engines);
        await SubmitAsync(store, bus, new IngestEvent(RecordId.FromString("e1"), "Grace Hopper built an early compiler.", []));

        using (var worker = await StartWorkerAsync(store, bus, engines, maxAttempts: 3))
        {
            await WaitForStateAsync(store, RecordId.FromString("e1"), IngestStates.Done);
            await worker.StopAsync(CancellationToken.None);
        }

        Assert.Equal(RecordId.FromString("e1"), (await engines.Search.SearchAsync("compiler", 1))[0].EventId);
    }

    [Fact]
    public async Task An_event_left_processing_and_unacknowledged_by_a_stopped_process_is_resumed_at_start()
    {
        using var engines = new EmbeddedEngines(model.Generator);
        var (store, bus) = Ports(engines);
        await SubmitAsync(store, bus, new IngestEvent(RecordId.FromInteger(3), "Alan Turing described a universal machine.", []));
        var delivery = Assert.Single(await bus.ReceiveAsync(10)); // The "previous process" took it and died.
        await store.StartAttemptsAsync(Ns, [delivery.Envelope.Event.Id]);

        var (after, afterBus) = Ports(engines);
        using (var worker = await StartWorkerAsync(after, afterBus, engines, maxAttempts: 3))
        {
            await WaitForStateAsync(after, RecordId.FromInteger(3), IngestStates.Done);
            await worker.StopAsync(CancellationToken.None);
        }

        Assert.Equal(2, (await after.GetStatusAsync(Ns, RecordId.FromInteger(3)))!.Attempts);
    }

    [Fact]
    public async Task An_event_accepted_but_not_published_before_a_crash_is_published_and_processed_at_start()
    {
        using var engines = new EmbeddedEngines(model.Generator);
        var (store, bus) = Ports(engines);
        await store.AcceptAsync(Ns, new IngestEvent(RecordId.FromString("lost"), "Ada Lovelace wrote the first program.", []));

        using (var worker = await StartWorkerAsync(store, bus, engines, maxAttempts: 3))
        {
            await WaitForStateAsync(store, RecordId.FromString("lost"), IngestStates.Done);
            await worker.StopAsync(CancellationToken.None);
        }

        Assert.Empty(await store.ListUnpublishedAsync(DateTimeOffset.MaxValue, 10));
    }

    [Fact]
    public async Task An_event_whose_publication_failed_while_the_worker_runs_is_published_after_the_reconcile_interval()
    {
        using var engines = new EmbeddedEngines(model.Generator);
        var (store, bus) = Ports(engines);

        using (var worker = await StartWorkerAsync(store, bus, engines, maxAttempts: 3))
        {
            // Accepted, then the bus failed and the client gave up: only reconciliation can publish it.
            await store.AcceptAsync(Ns, new IngestEvent(RecordId.FromString("stranded"), "Lise Meitner explained nuclear fission.", []));
            await WaitForStateAsync(store, RecordId.FromString("stranded"), IngestStates.Done);
            await worker.StopAsync(CancellationToken.None);
        }

        Assert.Empty(await store.ListUnpublishedAsync(DateTimeOffset.MaxValue, 10));
    }

    [Fact]
    public async Task An_event_whose_processing_always_fails_is_dead_lettered_with_its_error_on_the_store_and_the_bus()
    {
        // Vectors of the wrong length for the store make every attempt fail.
        using var engines = new EmbeddedEngines(model.Generator, dimensions: 8);
        var (store, bus) = Ports(engines);
        await SubmitAsync(store, bus, new IngestEvent(RecordId.FromString("poison"), "Any text at all.", []));

        IngestStatus status;
        using (var worker = await StartWorkerAsync(store, bus, engines, maxAttempts: 2))
        {
            status = await WaitForStateAsync(store, RecordId.FromString("poison"), IngestStates.DeadLettered);
            await worker.StopAsync(CancellationToken.None);
        }

        Assert.Equal(2, status.Attempts);
        Assert.Contains("InvalidInputException", status.Error, StringComparison.Ordinal);
        await bus.RecoverUnacknowledgedAsync();
        Assert.Empty(await bus.ReceiveAsync(10));
    }

    [Fact]
    public async Task A_delivery_of_an_event_the_store_no_longer_has_is_acknowledged_without_processing()
    {
        using var engines = new EmbeddedEngines(model.Generator);
        var (store, bus) = Ports(engines);
        await SubmitAsync(store, bus, new IngestEvent(RecordId.FromString("deleted"), "Rosalind Franklin photographed DNA.", []));
        await store.DeleteAsync(Ns, RecordId.FromString("deleted"), "test");
        await SubmitAsync(store, bus, new IngestEvent(RecordId.FromString("kept"), "Grace Hopper built an early compiler.", []));

        using (var worker = await StartWorkerAsync(store, bus, engines, maxAttempts: 3))
        {
            await WaitForStateAsync(store, RecordId.FromString("kept"), IngestStates.Done);
            await worker.StopAsync(CancellationToken.None);
        }

        Assert.Null(await store.GetStatusAsync(Ns, RecordId.FromString("deleted")));
        Assert.Empty(await engines.Keywords.GetChunksAsync(RagMemory.Namespaces.MemoryNamespace.Default, [RecordId.FromString("deleted")]));
        await bus.RecoverUnacknowledgedAsync();
        Assert.Empty(await bus.ReceiveAsync(10));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_event_deleted_while_it_is_processed_leaves_nothing_behind_whether_the_processing_then_succeeds_or_fails(bool processingFails)
    {
        using var engines = new EmbeddedEngines(model.Generator);
        var (store, bus) = Ports(engines);
        var id = RecordId.FromString("racing");
        await SubmitAsync(store, bus, new IngestEvent(id, "Katherine Johnson computed the Apollo trajectories.", []));
        var graph = new GraphHeldAtMerge(engines.Graph, id, processingFails);
        var pipeline = new IngestionPipeline(new RagMemory.Embeddings.TextChunker(Options.Create(new RagMemory.Embeddings.EmbeddingOptions())), engines.Embedder, engines.Chunks, engines.Keywords, graph);

        using (var worker = await StartWorkerAsync(store, bus, engines, maxAttempts: 3, pipeline))
        {
            // The vectors and keywords are written; the graph is held. The delete runs to its end in this window, so it
            // finds the graph empty and the worker's graph write comes after it.
            await graph.Reached.Task.WaitAsync(Bound);
            Assert.NotEmpty(await engines.Keywords.GetChunksAsync(Ns, [id]));
            await Deletion(store, engines).DeleteAsync(Ns, id, "test");
            graph.Release.SetResult();
            // The worker finishes a batch before it takes the next: once a later event is done, the racing one is settled.
            await SubmitAsync(store, bus, new IngestEvent(RecordId.FromString("later"), "Dorothy Vaughan taught FORTRAN.", []));
            await WaitForStateAsync(store, RecordId.FromString("later"), IngestStates.Done);
            await worker.StopAsync(CancellationToken.None);
        }

        Assert.Null(await store.GetStatusAsync(Ns, id));
        Assert.Empty(await engines.Keywords.GetChunksAsync(Ns, [id]));
        await bus.RecoverUnacknowledgedAsync();
        Assert.Empty(await bus.ReceiveAsync(10));
        Assert.Empty(await engines.Graph.FindEventsMentioningAsync(Ns, ["Katherine Johnson"], 10));
        Assert.NotEmpty(await engines.Graph.FindEventsMentioningAsync(Ns, ["Dorothy Vaughan"], 10)); // the graph is written for events that stay
        Assert.DoesNotContain(await engines.Chunks.SearchAsync(Ns, (await engines.Embedder.GenerateAsync(["Apollo trajectories"]))[0].Vector.ToArray(), 10), h => h.EventId == id);
    }

    /// <summary>Holds the graph write of one event until the test releases it, then writes it (and fails, when asked).</summary>
    private sealed class GraphHeldAtMerge(RagMemory.Graph.IGraphStore inner, RecordId held, bool failAfterWriting) : RagMemory.Graph.IGraphStore
    {
        public TaskCompletionSource Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task MergeEventGraphAsync(MemoryNamespace ns, RecordId eventId, RagMemory.Graph.ExtractedGraph graph, CancellationToken cancellationToken = default)
        {
            if (eventId != held)
            {
                await inner.MergeEventGraphAsync(ns, eventId, graph, cancellationToken);
                return;
            }

            Reached.TrySetResult();
            await Release.Task.WaitAsync(Bound, cancellationToken);
            await inner.MergeEventGraphAsync(ns, eventId, graph, cancellationToken);
            if (failAfterWriting)
            {
                throw new InvalidOperationException("the graph failed after writing");
            }
        }

        public Task<RagMemory.Graph.GraphNode> CreateNodeAsync(MemoryNamespace ns, string label, System.Text.Json.Nodes.JsonObject properties, CancellationToken cancellationToken = default) => inner.CreateNodeAsync(ns, label, properties, cancellationToken);

        public Task<IReadOnlyList<RagMemory.Graph.GraphNode>> FindNodesAsync(MemoryNamespace ns, string label, System.Text.Json.Nodes.JsonObject? properties, int limit, CancellationToken cancellationToken = default) => inner.FindNodesAsync(ns, label, properties, limit, cancellationToken);

        public Task<RagMemory.Graph.GraphRelationship> CreateRelationshipAsync(MemoryNamespace ns, string fromId, string toId, string type, System.Text.Json.Nodes.JsonObject properties, CancellationToken cancellationToken = default) => inner.CreateRelationshipAsync(ns, fromId, toId, type, properties, cancellationToken);

        public Task<RagMemory.Graph.GraphNeighborhood> GetNeighborsAsync(MemoryNamespace ns, string nodeId, int depth, int limit, CancellationToken cancellationToken = default) => inner.GetNeighborsAsync(ns, nodeId, depth, limit, cancellationToken);

        public Task DeleteEventGraphAsync(MemoryNamespace ns, RecordId eventId, CancellationToken cancellationToken = default) => inner.DeleteEventGraphAsync(ns, eventId, cancellationToken);

        public Task<long> CountNodesAsync(MemoryNamespace ns, CancellationToken cancellationToken = default) => inner.CountNodesAsync(ns, cancellationToken);

        public Task<IReadOnlyDictionary<string, IReadOnlyList<RecordId>>> GetEventKeysAsync(MemoryNamespace ns, IReadOnlyCollection<string> nodeIds, CancellationToken cancellationToken = default) => inner.GetEventKeysAsync(ns, nodeIds, cancellationToken);

        public Task<IReadOnlyList<RagMemory.Graph.EventMention>> FindEventsMentioningAsync(MemoryNamespace ns, IReadOnlyList<string> entityNames, int limit, CancellationToken cancellationToken = default) => inner.FindEventsMentioningAsync(ns, entityNames, limit, cancellationToken);

        public Task<RagMemory.Engines.EngineDescription> DescribeAsync(CancellationToken cancellationToken = default) => inner.DescribeAsync(cancellationToken);
    }

    private static EventDeletion Deletion(IEventStore store, EmbeddedEngines engines) =>
        new(store, engines.Chunks, engines.Keywords, engines.Graph, TimeProvider.System, NullLogger<EventDeletion>.Instance);

    private static (SqliteEventStore Store, SqliteEventBus Bus) Ports(EmbeddedEngines engines) =>
        (new SqliteEventStore(engines.Database, TimeProvider.System), new SqliteEventBus(engines.Database, TimeProvider.System));

    /// <summary>What <see cref="IngestionService.SubmitAsync"/> does: the store accepts, the bus publishes, the store records it.</summary>
    private static async Task SubmitAsync(IEventStore store, IEventBus bus, IngestEvent ingestEvent)
    {
        await store.AcceptAsync(Ns, ingestEvent);
        await new EventPublisher(store, bus).PublishAsync(new EventEnvelope(Ns, ingestEvent));
    }

    private static async Task<IngestionWorker> StartWorkerAsync(IEventStore store, IEventBus bus, EmbeddedEngines engines, int maxAttempts, IngestionPipeline? pipeline = null)
    {
        var options = Options.Create(new IngestionOptions
        {
            MaxAttempts = maxAttempts,
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
            RetryMaxDelay = TimeSpan.FromMilliseconds(20),
            PollInterval = TimeSpan.FromMilliseconds(20),
            ReconcileInterval = TimeSpan.FromMilliseconds(200),
        });
        var worker = new IngestionWorker(
            bus,
            store,
            new EventPublisher(store, bus),
            new RetryPolicy(options, TimeProvider.System),
            pipeline ?? engines.Pipeline,
            Deletion(store, engines),
            options,
            TimeProvider.System,
            NullLogger<IngestionWorker>.Instance);
        await worker.StartAsync(CancellationToken.None);
        return worker;
    }

    /// <summary>Polls the store, with a generous bound for a loaded machine, until the event reaches the state.</summary>
    private static async Task<IngestStatus> WaitForStateAsync(IEventStore store, RecordId id, string state)
    {
        var deadline = DateTime.UtcNow + Bound;
        IngestStatus? status = null;
        while (DateTime.UtcNow < deadline)
        {
            status = await store.GetStatusAsync(Ns, id);
            if (status?.State == state)
            {
                return status;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"Event {id} did not reach '{state}' within {Bound}; last status: {status}");
    }
}
