using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Qdrant.Client.Grpc;
using RagMemory.Qdrant;
using RagMemory.Resilience;
using RagMemory.Tests.Api;

namespace RagMemory.Tests.Engines.Qdrant;

/// <summary>The whole host with <c>Engines:Vectors=Qdrant</c> and <c>Engines:Keywords=Qdrant</c>, its Qdrant calls answered by <see cref="QdrantGrpcTestDouble"/>.</summary>
public sealed class QdrantHostTests : IAsyncLifetime
{
    private readonly QdrantGrpcTestDouble _double = new();
    private readonly RagMemoryApiFactory _factory = new();

    public Task InitializeAsync()
    {
        _factory.Settings["Engines:Vectors"] = "Qdrant";
        _factory.Settings["Engines:Keywords"] = "Qdrant";
        _factory.Settings["Qdrant:Endpoint"] = "http://qdrant.test:6334";
        _factory.Settings["Resilience:Backends:vector_store:RetryAttempts"] = "0";
        _factory.ServiceOverrides.Add(services => services.Replace(ServiceDescriptor.Singleton(sp => new QdrantConnection(
            sp.GetRequiredService<IOptions<QdrantOptions>>(),
            sp.GetRequiredService<IOptions<ResilienceOptions>>(),
            sp.GetRequiredService<ILoggerFactory>(),
            _double))));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        _double.Dispose();
    }

    [Fact]
    public async Task The_host_prepares_its_three_collections_at_start_and_serves_memory_through_Qdrant()
    {
        var client = await _factory.CreateClientAsync();

        Assert.Equal(
            ["ragmemory_chunks", "ragmemory_keywords", "ragmemory_vectors"],
            _double.Requests<CreateCollection>("/qdrant.Collections/Create").Select(c => c.CollectionName).Order(StringComparer.Ordinal));
        var upsert = await client.PostAsJsonAsync("/memory/upsert", new { vectors = new[] { new { id = 7, vector = Basis(0), payload = new { n = 2 } } } });
        Assert.Equal(HttpStatusCode.OK, upsert.StatusCode);
        Assert.Equal("7", Assert.Single(Assert.Single(_double.Requests<UpsertPoints>("/qdrant.Points/Upsert")).Points).Payload["record_id"].StringValue);

        var search = await client.PostAsJsonAsync("/memory/search", new { query_vector = Basis(0), limit = 3, filter = new { n = 2.0 } });

        Assert.Equal(HttpStatusCode.OK, search.StatusCode);
        var filter = _double.Requests<QueryPoints>("/qdrant.Points/Query").First(q => q.CollectionName == "ragmemory_vectors").Filter;
        Assert.Equal(2.0, filter.Must.Single(c => c.Field?.Key == "fields.n").Field.Range.Gte);
    }

    [Fact]
    public async Task An_unavailable_Qdrant_gives_a_502_problem_without_its_detail()
    {
        var client = await _factory.CreateClientAsync();
        _double.Fail("/qdrant.Points/Query", Grpc.Core.StatusCode.Unavailable, "qdrant node 3 down at 10.0.0.7");

        var search = await client.PostAsJsonAsync("/memory/search", new { query_vector = Basis(0), limit = 3 });

        Assert.Equal(HttpStatusCode.BadGateway, search.StatusCode);
        Assert.Equal("application/problem+json", search.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("10.0.0.7", await search.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_filter_neither_engine_can_express_is_refused_with_the_same_400_before_Qdrant_is_asked()
    {
        var client = await _factory.CreateClientAsync();

        var search = await client.PostAsJsonAsync("/memory/search", new { query_vector = Basis(0), limit = 3, filter = new { tags = new[] { "a" } } });

        Assert.Equal(HttpStatusCode.BadRequest, search.StatusCode);
        Assert.Contains("filter.tags", await search.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(_double.Requests<QueryPoints>("/qdrant.Points/Query"));
    }

    private static float[] Basis(int axis)
    {
        var vector = new float[384];
        vector[axis] = 1f;
        return vector;
    }
}
