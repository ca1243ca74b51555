using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RagMemory.Keywords;
using RagMemory.Observability;
using RagMemory.Qdrant;
using RagMemory.Resilience;
using RagMemory.Vectors;

namespace RagMemory.Tests.Engines.Qdrant;

/// <summary>The real Qdrant adapters over the real Qdrant.Client and gRPC channel, talking to <see cref="QdrantGrpcTestDouble"/>.</summary>
public sealed class QdrantOnDouble : IDisposable
{
    public const string ApiKey = "test-api-key";
    private readonly ServiceProvider _meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private QdrantConnection? _connection;

    public QdrantGrpcTestDouble Double { get; } = new();

    public QdrantOptions Options { get; } = new() { Endpoint = new Uri("http://qdrant.test:6334"), ApiKey = ApiKey, Dimensions = 4 };

    public ResilienceOptions Resilience { get; } = new();

    public QdrantConnection Connection => _connection ??= new QdrantConnection(
        Microsoft.Extensions.Options.Options.Create(Options), Microsoft.Extensions.Options.Options.Create(Resilience), NullLoggerFactory.Instance, Double);

    public RagMemoryMetrics Metrics => field ??= new RagMemoryMetrics(_meters.GetRequiredService<IMeterFactory>());

    public QdrantCollection VectorsCollection => field ??= Collection(Backends.VectorStore, QdrantCollectionSpec.Dense(Options.VectorsCollection, Options, QdrantVectorPayload.NamespaceField));

    public QdrantCollection ChunksCollection => field ??= Collection(Backends.VectorStore, QdrantCollectionSpec.Dense(Options.ChunksCollection, Options, QdrantChunkPayload.NamespaceField, QdrantChunkPayload.EventIdField));

    public QdrantCollection KeywordsCollection => field ??= Collection(Backends.KeywordIndex, QdrantCollectionSpec.Bm25(Options.KeywordsCollection, Options, QdrantChunkPayload.NamespaceField, QdrantChunkPayload.EventIdField));

    public QdrantVectorStore Vectors() => new(VectorsCollection);

    public QdrantChunkStore Chunks() => new(ChunksCollection, new SkippedRecords(Metrics, NullLogger<SkippedRecords>.Instance));

    public QdrantKeywordIndex Keywords(bool dropStopWords = true) =>
        new(KeywordsCollection, new QdrantBm25(Options), Microsoft.Extensions.Options.Options.Create(new KeywordIndexOptions { DropQueryStopWords = dropStopWords }));

    public QdrantCollectionsStartup Startup() => new([VectorsCollection, ChunksCollection, KeywordsCollection], NullLogger<QdrantCollectionsStartup>.Instance);

    public void Dispose()
    {
        _connection?.Dispose();
        Double.Dispose();
        _meters.Dispose();
    }

    private QdrantCollection Collection(string backend, QdrantCollectionSpec spec) => new(Connection.ClientFor(backend), spec, Connection.Location);
}
