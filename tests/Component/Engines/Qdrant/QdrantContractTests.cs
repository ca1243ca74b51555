using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RagMemory.Keywords;
using RagMemory.Observability;
using RagMemory.Qdrant;
using RagMemory.Tests.Engines.Contracts;
using RagMemory.Vectors;

namespace RagMemory.Tests.Engines.Qdrant;

/// <summary>The vector store contract against a real Qdrant (<c>RAGMEMORY_TEST_QDRANT</c>); skipped, and counted as skipped, without one.</summary>
[RequiresServer(QdrantTestServer.Variable)]
public sealed class QdrantVectorStoreContractTests : VectorStoreContract
{
    private QdrantTestServer? _server;

    protected override async Task<IVectorStore> CreateStoreAsync(int dimensions)
    {
        _server = new QdrantTestServer(dimensions);
        return new QdrantVectorStore(await _server.DenseAsync(QdrantVectorPayload.NamespaceField));
    }

    protected override async Task DeleteStoreAsync(IVectorStore store) => await _server!.DisposeAsync();
}

/// <summary>The chunk store contract against a real Qdrant (<c>RAGMEMORY_TEST_QDRANT</c>); skipped, and counted as skipped, without one.</summary>
[RequiresServer(QdrantTestServer.Variable)]
public sealed class QdrantChunkStoreContractTests : ChunkStoreContract
{
    private readonly ServiceProvider _meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private QdrantTestServer? _server;
    private RagMemoryMetrics? _metrics;

    protected override async Task<IChunkStore> CreateStoreAsync(int dimensions)
    {
        _server = new QdrantTestServer(dimensions);
        _metrics = new RagMemoryMetrics(_meters.GetRequiredService<IMeterFactory>());
        var collection = await _server.DenseAsync(QdrantChunkPayload.NamespaceField, QdrantChunkPayload.EventIdField);
        return new QdrantChunkStore(collection, new SkippedRecords(_metrics, NullLogger<SkippedRecords>.Instance));
    }

    protected override async Task DeleteStoreAsync(IChunkStore store)
    {
        await _server!.DisposeAsync();
        _metrics?.Dispose();
        await _meters.DisposeAsync();
    }
}

/// <summary>The keyword index contract against a real Qdrant (<c>RAGMEMORY_TEST_QDRANT</c>); skipped, and counted as skipped, without one.</summary>
[RequiresServer(QdrantTestServer.Variable)]
public sealed class QdrantKeywordIndexContractTests : KeywordIndexContract
{
    private QdrantTestServer? _server;

    protected override async Task<IKeywordIndex> CreateIndexAsync()
    {
        _server = new QdrantTestServer();
        return new QdrantKeywordIndex(await _server.Bm25Async(), new QdrantBm25(_server.Options), Options.Create(new KeywordIndexOptions()));
    }

    protected override async Task DeleteIndexAsync(IKeywordIndex index) => await _server!.DisposeAsync();
}
