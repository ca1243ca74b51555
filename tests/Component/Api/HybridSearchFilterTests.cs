using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace RagMemory.Tests.Api;

/// <summary>Hybrid search narrowed by the events' metadata and by when they were ingested.</summary>
public sealed class HybridSearchFilterTests
{
    [Fact]
    public async Task Metadata_and_time_filters_keep_only_the_matching_events()
    {
        await using var factory = new RagMemoryApiFactory();
        var client = await factory.CreateClientAsync();
        await client.PostAsJsonAsync("/ingest/", new { id = "north", text = "The lighthouse keeper painted the tower red.", metadata = new { region = "north", year = 2024 } });
        await client.PostAsJsonAsync("/ingest/", new { id = "south", text = "The lighthouse keeper painted the tower white.", metadata = new { region = "south" } });
        await client.PostAsJsonAsync("/ingest/", new { id = "plain", text = "The lighthouse keeper painted the tower blue." });
        foreach (var id in new[] { "north", "south", "plain" })
        {
            await Eventually.DoneAsync(client, id);
        }

        Assert.Equal(["north", "plain", "south"], await EventIdsAsync(client, null));
        Assert.Equal(["north"], await EventIdsAsync(client, new { metadata = new { region = "north" } }));
        Assert.Equal(["north"], await EventIdsAsync(client, new { metadata = new { year = 2024.0 } }));
        Assert.Equal(["north", "plain", "south"], await EventIdsAsync(client, new { ingested_after = DateTimeOffset.UtcNow.AddHours(-1) }));
        Assert.Empty(await EventIdsAsync(client, new { ingested_after = DateTimeOffset.UtcNow.AddHours(1) }));
        Assert.Empty(await EventIdsAsync(client, new { ingested_before = DateTimeOffset.UtcNow.AddHours(-1) }));
    }

    [Fact]
    public async Task A_narrow_filter_returns_every_matching_hit_up_to_the_limit_however_far_the_matches_rank()
    {
        await using var factory = new RagMemoryApiFactory();

        // Each signal asks for limit × 1 candidates: filtering those afterwards, as search did, would find no match at all.
        factory.Settings["HybridSearch:CandidateMultiplier"] = "1";
        var client = await factory.CreateClientAsync();
        var ids = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            ids.Add($"near-{i}");
            await client.PostAsJsonAsync("/ingest/", new { id = $"near-{i}", text = $"the lighthouse keeper painted the lighthouse tower, lighthouse number {i}.", metadata = new { team = "near" } });
        }

        for (var i = 0; i < 4; i++)
        {
            ids.Add($"far-{i}");
            await client.PostAsJsonAsync("/ingest/", new { id = $"far-{i}", text = $"a harbour report on boats and nets; a lighthouse stands at the end of pier {i}.", metadata = new { team = "far" } });
        }

        foreach (var id in ids)
        {
            await Eventually.DoneAsync(client, id);
        }

        var unfiltered = await EventIdsAsync(client, null, "lighthouse keeper painted the lighthouse tower", limit: 3);
        Assert.All(unfiltered, id => Assert.StartsWith("near-", id, StringComparison.Ordinal));

        var filtered = await EventIdsAsync(client, new { metadata = new { team = "far" } }, "lighthouse keeper painted the lighthouse tower", limit: 3);

        Assert.Equal(3, filtered.Length);
        Assert.All(filtered, id => Assert.StartsWith("far-", id, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_hit_found_only_by_keywords_carries_its_events_metadata_with_or_without_a_filter()
    {
        await using var factory = new RagMemoryApiFactory();
        factory.Settings["HybridSearch:VectorWeight"] = "0";
        var client = await factory.CreateClientAsync();
        await client.PostAsJsonAsync("/ingest/", new { id = "tagged", text = "Zyxquor is an unusual word.", metadata = new { team = "lexicon" } });
        await Eventually.DoneAsync(client, "tagged");

        foreach (var filter in new object?[] { null, new { metadata = new { team = "lexicon" } } })
        {
            var response = await client.PostAsJsonAsync("/hybrid/search", new { query = "Zyxquor", limit = 5, filter });

            var hit = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results")[0];
            Assert.Equal(JsonValueKind.Null, hit.GetProperty("scores").GetProperty("vector").ValueKind);
            Assert.Equal("lexicon", hit.GetProperty("metadata").GetProperty("team").GetString());
        }
    }

    [Fact]
    public async Task An_answer_with_a_filter_cites_only_the_events_the_filter_keeps()
    {
        await using var factory = new RagMemoryApiFactory();
        var client = await factory.CreateClientAsync();
        await client.PostAsJsonAsync("/ingest/", new { id = "north", text = "Anna, the lighthouse keeper, painted the tower red.", metadata = new { region = "north" } });
        await client.PostAsJsonAsync("/ingest/", new { id = "south", text = "Bjorn, the lighthouse keeper, painted the tower white.", metadata = new { region = "south" } });
        await Eventually.DoneAsync(client, "north");
        await Eventually.DoneAsync(client, "south");
        const string question = "Which lighthouse keeper painted the tower?";

        // Without the filter both keepers answer the question, so what the filtered answer leaves out is the filter's doing.
        Assert.Contains("north", await CitedEventIdsAsync(client, new { query = question }));
        var cited = await CitedEventIdsAsync(client, new { query = question, filter = new { metadata = new { region = "south" } } });

        Assert.Equal(["south"], cited);
    }

    [Theory]
    [InlineData("""{"query":"tower","filter":{"ingested_after":"2026-02-01T00:00:00Z","ingested_before":"2026-01-01T00:00:00Z"}}""", "filter.ingested_before")]
    [InlineData("""{"query":"tower","filter":{"metadata":{"region":{"nested":1}}}}""", "filter")]
    [InlineData("""{"query":"tower","filter":{"ingested_after":"yesterday"}}""", "ingested_after")]
    public async Task A_bad_filter_is_a_400_naming_it_from_search_and_from_generate(string body, string field)
    {
        await using var factory = new RagMemoryApiFactory();
        var client = await factory.CreateClientAsync();

        foreach (var route in new[] { "/hybrid/search", "/hybrid/generate" })
        {
            var response = await client.PostAsync(route, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains(field, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    private static async Task<string[]> CitedEventIdsAsync(HttpClient client, object request)
    {
        var response = await client.PostAsJsonAsync("/hybrid/generate", request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var citations = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("citations");
        return [.. citations.EnumerateArray().Select(c => c.GetProperty("event_id").GetString()!).Distinct().Order(StringComparer.Ordinal)];
    }

    private static async Task<string[]> EventIdsAsync(HttpClient client, object? filter, string query = "lighthouse keeper painted the tower", int limit = 10)
    {
        var response = await client.PostAsJsonAsync("/hybrid/search", new { query, limit, filter });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var results = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results");
        return [.. results.EnumerateArray().Select(r => r.GetProperty("event_id").GetString()!).Distinct().Order(StringComparer.Ordinal)];
    }
}
