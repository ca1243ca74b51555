using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RagMemory.Storage;

namespace RagMemory.Tests.Api;

/// <summary>
/// /health/ready names each backend's engine and what it holds, as its adapter describes it, and keeps where it lives
/// (files, endpoints) and versions for the admin's Health page: the route answers without a token.
/// </summary>
public sealed class ReadinessTests(RagMemoryApiFactory factory) : IClassFixture<RagMemoryApiFactory>
{
    [Fact]
    public async Task Each_backend_says_which_engine_serves_it_and_what_it_holds_without_paths()
    {
        var client = await factory.CreateClientAsync();
        await client.PostAsJsonAsync("/ingest/", new { id = "ready-1", text = "Grace Hopper wrote the first compiler for a programming language." });
        await Eventually.DoneAsync(client, "ready-1");

        var response = await factory.CreateClient().GetAsync("/health/ready");
        var body = await response.Content.ReadAsStringAsync();
        var backends = JsonDocument.Parse(body).RootElement.GetProperty("backends");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Matches(@"^SQLite FTS5 \(BM25\): [1-9][0-9,]* chunks$", Description(backends, "keyword_index"));
        Assert.Matches(@"^USearch HNSW over SQLite: [1-9][0-9,]* chunks; USearch HNSW over SQLite: 0 client vectors$", Description(backends, "vector_store"));
        Assert.Matches(@"^SQLite graph tables: [1-9][0-9,]* nodes, [0-9,]+ relationships$", Description(backends, "graph_store"));
        Assert.Matches(@"^SQLite event store: [1-9][0-9,]* events; SQLite event bus: [0-9,]+ deliveries$", Description(backends, "ingestion_queue"));
        Assert.Matches(@"^SQLite: [1-9][0-9,]* accounts, [0-9,]+ portal sessions$", Description(backends, "state"));
        var dataFolder = factory.Services.GetRequiredService<IOptions<StorageOptions>>().Value.DataDirectory;
        Assert.DoesNotContain(Path.GetFullPath(dataFolder), body, StringComparison.Ordinal);
    }

    private static string Description(JsonElement backends, string backend) => backends.GetProperty(backend).GetProperty("description").GetString()!;
}
