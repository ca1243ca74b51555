using Microsoft.Extensions.Options;
using RagMemory.Graph;
using RagMemory.Ingestion;
using RagMemory.Keywords;
using RagMemory.Namespaces;
using RagMemory.Search;
using RagMemory.Vectors;

namespace RagMemory.Tests.Engines;

/// <summary>
/// The three signals of a hybrid search run at once, so a remote engine's round trips overlap. The vector store here
/// answers only once the keyword index and the graph have both been asked: one signal after another would wait forever
/// (and fail on the gate's time-out instead).
/// </summary>
[Collection(MiniLmCollection.Name)]
public sealed class HybridSearchConcurrencyTests(MiniLmFixture model) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly EmbeddedEngines _engines = new(model.Generator);
    private readonly TaskCompletionSource _keywordsAsked = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _graphAsked = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task InitializeAsync() => _engines.Pipeline.ProcessAsync(MemoryNamespace.Default, AcceptedEvents.Of(
        new IngestEvent(RecordId.FromString("lovelace"), "Ada Lovelace wrote the first algorithm intended for the Analytical Engine.", []),
        new IngestEvent(RecordId.FromString("wheat"), "Farmers harvest wheat in late summer before the autumn rains.", [])));

    public Task DisposeAsync()
    {
        _engines.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Keyword_graph_and_vector_signals_are_asked_together()
    {
        var search = new HybridSearchService(
            _engines.Embedder,
            new VectorsAfter(_engines.Chunks, Task.WhenAll(_keywordsAsked.Task, _graphAsked.Task).WaitAsync(Patience)),
            new NotedKeywords(_engines.Keywords, _keywordsAsked),
            new NotedGraph(_engines.Graph, _graphAsked),
            _engines.Events,
            Options.Create(new HybridSearchOptions()));

        var ranking = await search.RankAsync("Ada Lovelace algorithm", 5, null);

        Assert.Equal(RecordId.FromString("lovelace"), ranking.Hits[0].EventId);
        Assert.NotNull(ranking.Hits[0].Scores.Keyword);
        Assert.NotNull(ranking.Hits[0].Scores.Vector);
        Assert.NotNull(ranking.Hits[0].Scores.Graph);
        // The total is the wall time around every stage; whether it is below their sum depends on how the thread pool
        // schedules continuations under load, so only what always holds is checked.
        Assert.True(ranking.Timings.Total >= ranking.Timings.Embedding + ranking.Timings.Vector);
    }

    private sealed class VectorsAfter(IChunkStore inner, Task gate) : IChunkStore
    {
        public int Dimensions => inner.Dimensions;

        public Task UpsertAsync(MemoryNamespace ns, IReadOnlyList<ChunkVector> chunks, CancellationToken cancellationToken = default) => inner.UpsertAsync(ns, chunks, cancellationToken);

        public async Task<IReadOnlyList<ChunkHit>> SearchAsync(MemoryNamespace ns, float[] query, int limit, ChunkFilter? filter = null, CancellationToken cancellationToken = default)
        {
            await gate;
            return await inner.SearchAsync(ns, query, limit, filter, cancellationToken);
        }

        public Task<IReadOnlyDictionary<string, float[]>> GetVectorsAsync(MemoryNamespace ns, IReadOnlyCollection<string> chunkIds, CancellationToken cancellationToken = default) => inner.GetVectorsAsync(ns, chunkIds, cancellationToken);

        public Task DeleteEventAsync(MemoryNamespace ns, RecordId eventId, CancellationToken cancellationToken = default) => inner.DeleteEventAsync(ns, eventId, cancellationToken);

        public Task<CollectionInfo> GetInfoAsync(CancellationToken cancellationToken = default) => inner.GetInfoAsync(cancellationToken);

        public Task<long> CountAsync(MemoryNamespace ns, CancellationToken cancellationToken = default) => inner.CountAsync(ns, cancellationToken);

        public Task<RagMemory.Engines.EngineDescription> DescribeAsync(CancellationToken cancellationToken = default) => inner.DescribeAsync(cancellationToken);
    }

    private sealed class NotedKeywords(IKeywordIndex inner, TaskCompletionSource asked) : IKeywordIndex
    {
        public Task ReplaceEventAsync(MemoryNamespace ns, RecordId eventId, IReadOnlyList<KeywordDocument> documents, CancellationToken cancellationToken = default) => inner.ReplaceEventAsync(ns, eventId, documents, cancellationToken);

        public Task<IReadOnlyList<KeywordHit>> SearchAsync(MemoryNamespace ns, string query, int limit, ChunkFilter? filter = null, CancellationToken cancellationToken = default)
        {
            asked.TrySetResult();
            return inner.SearchAsync(ns, query, limit, filter, cancellationToken);
        }

        public Task<IReadOnlyList<KeywordDocument>> GetChunksAsync(MemoryNamespace ns, IReadOnlyList<RecordId> eventIds, CancellationToken cancellationToken = default) => inner.GetChunksAsync(ns, eventIds, cancellationToken);

        public Task DeleteEventAsync(MemoryNamespace ns, RecordId eventId, CancellationToken cancellationToken = default) => inner.DeleteEventAsync(ns, eventId, cancellationToken);

        public Task<RagMemory.Engines.EngineDescription> DescribeAsync(CancellationToken cancellationToken = default) => inner.DescribeAsync(cancellationToken);
    }

    private sealed class NotedGraph(IGraphStore inner, TaskCompletionSource asked) : IGraphStore
    {
        public Task<GraphNode> CreateNodeAsync(MemoryNamespace ns, string label, System.Text.Json.Nodes.JsonObject properties, CancellationToken cancellationToken = default) => inner.CreateNodeAsync(ns, label, properties, cancellationToken);

        public Task<IReadOnlyList<GraphNode>> FindNodesAsync(MemoryNamespace ns, string label, System.Text.Json.Nodes.JsonObject? properties, int limit, CancellationToken cancellationToken = default) => inner.FindNodesAsync(ns, label, properties, limit, cancellationToken);


        public Task<IReadOnlyDictionary<string, IReadOnlyList<RecordId>>> GetEventKeysAsync(MemoryNamespace ns, IReadOnlyCollection<string> nodeIds, CancellationToken cancellationToken = default) => inner.GetEventKeysAsync(ns, nodeIds, cancellationToken);

        public Task<GraphRelationship> CreateRelationshipAsync(MemoryNamespace ns, string fromId, string toId, string type, System.Text.Json.Nodes.JsonObject properties, CancellationToken cancellationToken = default) => inner.CreateRelationshipAsync(ns, fromId, toId, type, properties, cancellationToken);

        public Task<GraphNeighborhood> GetNeighborsAsync(MemoryNamespace ns, string nodeId, int depth, int limit, CancellationToken cancellationToken = default) => inner.GetNeighborsAsync(ns, nodeId, depth, limit, cancellationToken);

        public Task MergeEventGraphAsync(MemoryNamespace ns, RecordId eventId, ExtractedGraph graph, CancellationToken cancellationToken = default) => inner.MergeEventGraphAsync(ns, eventId, graph, cancellationToken);

        public Task DeleteEventGraphAsync(MemoryNamespace ns, RecordId eventId, CancellationToken cancellationToken = default) => inner.DeleteEventGraphAsync(ns, eventId, cancellationToken);

        public Task<long> CountNodesAsync(MemoryNamespace ns, CancellationToken cancellationToken = default) => inner.CountNodesAsync(ns, cancellationToken);

        public Task<RagMemory.Engines.EngineDescription> DescribeAsync(CancellationToken cancellationToken = default) => inner.DescribeAsync(cancellationToken);

        public Task<IReadOnlyList<EventMention>> FindEventsMentioningAsync(MemoryNamespace ns, IReadOnlyList<string> entityNames, int limit, CancellationToken cancellationToken = default)
        {
            asked.TrySetResult();
            return inner.FindEventsMentioningAsync(ns, entityNames, limit, cancellationToken);
        }
    }
}
