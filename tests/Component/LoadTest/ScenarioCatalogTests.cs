using System.Text.Json;
using RagMemory.LoadTest.Scenarios;
using RagMemory.RateLimiting;

namespace RagMemory.Tests.LoadTest;

/// <summary>The seed scenario sends the plan's requests: its routes, bodies and id ranges.</summary>
public sealed class ScenarioCatalogTests
{
    [Fact]
    public void Seed_has_the_plans_five_tasks_with_their_weights_and_policies()
    {
        var tasks = ScenarioCatalog.Seed();

        Assert.Equal(["vector_search", "graph_search", "ingest", "upsert", "create_node"], tasks.Select(t => t.Name));
        Assert.Equal([10, 5, 3, 2, 1], tasks.Select(t => t.Weight));
        Assert.Equal([RateLimitPolicies.Search, RateLimitPolicies.GraphRead, RateLimitPolicies.Ingest, RateLimitPolicies.Upsert, RateLimitPolicies.GraphWrite], tasks.Select(t => t.Policy));
    }

    [Fact]
    public async Task Vector_search_asks_for_10_neighbours_of_a_384_dimensional_unit_vector()
    {
        var (path, body) = await RequestAsync(ScenarioCatalog.VectorSearch(1), new Random(1));

        Assert.Equal("/memory/search", path);
        Assert.Equal(10, body.GetProperty("limit").GetInt32());
        var vector = body.GetProperty("query_vector").EnumerateArray().Select(v => v.GetDouble()).ToList();
        Assert.Equal(384, vector.Count);
        Assert.InRange(Math.Sqrt(vector.Sum(v => v * v)), 0.999, 1.001);
    }

    [Fact]
    public async Task Graph_find_looks_for_an_Entity_named_entity_1_to_100()
    {
        var random = new Random(2);
        for (var i = 0; i < 200; i++)
        {
            var (path, body) = await RequestAsync(ScenarioCatalog.GraphFind(1), random);
            Assert.Equal("/graph/node/find", path);
            Assert.Equal("Entity", body.GetProperty("label").GetString());
            Assert.InRange(NumberAfter("entity_", body.GetProperty("properties").GetProperty("name").GetString()), 1, 100);
        }
    }

    [Fact]
    public async Task Ingest_sends_ids_event_1_to_10000_with_a_short_text()
    {
        var random = new Random(3);
        for (var i = 0; i < 200; i++)
        {
            var (path, body) = await RequestAsync(ScenarioCatalog.Ingest(1), random);
            Assert.Equal("/ingest/", path);
            Assert.InRange(NumberAfter("event_", body.GetProperty("id").GetString()), 1, 10_000);
            Assert.StartsWith("Sample text ", body.GetProperty("text").GetString(), StringComparison.Ordinal);
            Assert.Equal("test", body.GetProperty("metadata").GetProperty("source").GetString());
        }
    }

    [Fact]
    public async Task Upsert_sends_10_vectors_with_distinct_ids_of_1_to_1000()
    {
        var (path, body) = await RequestAsync(ScenarioCatalog.Upsert(1), new Random(4));

        Assert.Equal("/memory/upsert", path);
        var vectors = body.GetProperty("vectors").EnumerateArray().ToList();
        Assert.Equal(10, vectors.Count);
        var ids = vectors.Select(v => v.GetProperty("id").GetInt32()).ToList();
        Assert.Equal(10, ids.Distinct().Count());
        Assert.All(ids, id => Assert.InRange(id, 1, 1000));
        Assert.All(vectors, v => Assert.Equal(384, v.GetProperty("vector").GetArrayLength()));
    }

    [Fact]
    public async Task Create_node_makes_an_Entity_of_type_test()
    {
        var (path, body) = await RequestAsync(ScenarioCatalog.CreateNode(1), new Random(5));

        Assert.Equal("/graph/node", path);
        Assert.Equal("Entity", body.GetProperty("label").GetString());
        Assert.Equal("test", body.GetProperty("properties").GetProperty("type").GetString());
        Assert.InRange(NumberAfter("entity_", body.GetProperty("properties").GetProperty("name").GetString()), 1, 1000);
    }

    [Fact]
    public void An_unknown_scenario_names_the_known_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => ScenarioCatalog.Named("soak"));
        Assert.Contains("seed, answers, search", error.Message, StringComparison.Ordinal);
    }

    private static async Task<(string Path, JsonElement Body)> RequestAsync(LoadTask task, Random random)
    {
        using var request = task.CreateRequest(random);
        Assert.Equal(HttpMethod.Post, request.Method);
        var body = JsonDocument.Parse(await request.Content!.ReadAsStringAsync()).RootElement;
        return (request.RequestUri!.OriginalString, body);
    }

    private static int NumberAfter(string prefix, string? text)
    {
        Assert.NotNull(text);
        Assert.StartsWith(prefix, text, StringComparison.Ordinal);
        return int.Parse(text[prefix.Length..], System.Globalization.CultureInfo.InvariantCulture);
    }
}
