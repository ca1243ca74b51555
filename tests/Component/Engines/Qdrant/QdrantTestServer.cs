using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RagMemory.Qdrant;
using RagMemory.Resilience;

namespace RagMemory.Tests.Engines.Qdrant;

/// <summary>
/// A real Qdrant for the contract suites, at the gRPC address in <see cref="Variable"/> (deploy/compose.yaml starts
/// one). Each test gets collections of its own, named afresh and deleted after it.
/// </summary>
public sealed class QdrantTestServer : IAsyncDisposable
{
    public const string Variable = "RAGMEMORY_TEST_QDRANT";
    private readonly List<QdrantCollection> _created = [];
    private readonly QdrantConnection _connection;

    public QdrantTestServer(int dimensions = 8)
    {
        var endpoint = Environment.GetEnvironmentVariable(Variable) ?? throw new InvalidOperationException($"{Variable} is not set.");
        Options = new QdrantOptions
        {
            Endpoint = new Uri(endpoint),
            ApiKey = Environment.GetEnvironmentVariable("RAGMEMORY_TEST_QDRANT_API_KEY"),
            Dimensions = dimensions,
        };
        _connection = new QdrantConnection(Microsoft.Extensions.Options.Options.Create(Options), Microsoft.Extensions.Options.Options.Create(new ResilienceOptions()), NullLoggerFactory.Instance);
    }

    public QdrantOptions Options { get; }

    public async Task<QdrantCollection> DenseAsync(params string[] indexes) =>
        await CreateAsync(Backends.VectorStore, name => QdrantCollectionSpec.Dense(name, Options, indexes));

    public async Task<QdrantCollection> Bm25Async() =>
        await CreateAsync(Backends.KeywordIndex, name => QdrantCollectionSpec.Bm25(name, Options, QdrantChunkPayload.NamespaceField, QdrantChunkPayload.EventIdField));

    public async ValueTask DisposeAsync()
    {
        foreach (var collection in _created)
        {
            await collection.Client.DeleteCollectionAsync(collection.Name);
        }

        _connection.Dispose();
    }

    private async Task<QdrantCollection> CreateAsync(string backend, Func<string, QdrantCollectionSpec> spec)
    {
        var collection = new QdrantCollection(_connection.ClientFor(backend), spec($"ragmemory_test_{Guid.NewGuid():N}"), _connection.Location);
        _created.Add(collection);
        await collection.EnsureAsync();
        return collection;
    }
}
