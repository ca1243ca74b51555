using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RagMemory.Graph;
using RagMemory.Identity;
using RagMemory.Namespaces;

namespace RagMemory.Tests.Api;

/// <summary><c>DELETE /ingest/{id}</c> and <c>GET /ingest</c> over the real embedded engines.</summary>
public sealed class EventLifecycleApiTests(RagMemoryApiFactory factory) : IClassFixture<RagMemoryApiFactory>
{
    [Fact]
    public async Task A_deleted_event_is_gone_from_status_search_answers_and_the_graph_and_entities_another_event_mentions_stay()
    {
        var client = await factory.CreateClientAsync();
        await client.PostAsJsonAsync("/ingest/", new { id = "del-hopper", text = "Grace Hopper wrote the Zyxwcompiler for the Univac machine." });
        await client.PostAsJsonAsync("/ingest/", new { id = "del-univac", text = "The Univac machine counted the census." });
        await Eventually.DoneAsync(client, "del-hopper");
        await Eventually.DoneAsync(client, "del-univac");
        Assert.Contains("del-hopper", await HybridEventIdsAsync(client, "Zyxwcompiler Grace Hopper"));

        var deleted = await client.DeleteAsync("/ingest/del-hopper");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/ingest/del-hopper")).StatusCode);
        Assert.DoesNotContain("del-hopper", await HybridEventIdsAsync(client, "Zyxwcompiler Grace Hopper"));
        var answer = await (await client.PostAsJsonAsync("/hybrid/generate", new { query = "Who wrote the Zyxwcompiler?" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.DoesNotContain(answer.GetProperty("citations").EnumerateArray(), c => c.GetProperty("event_id").GetString() == "del-hopper");
        Assert.Empty(await EntityNodesAsync(client, "Grace Hopper"));
        Assert.Single(await EntityNodesAsync(client, "Univac"));
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync("/ingest/del-hopper")).StatusCode);
    }

    [Fact]
    public async Task A_co_occurrence_only_the_deleted_event_made_is_not_shown_though_both_its_entities_stay()
    {
        var client = await factory.CreateClientAsync();
        await client.PostAsJsonAsync("/ingest/", new { id = "pair-both", text = "Ottoline Varga met Benedek Szalay at the harbour." });
        await client.PostAsJsonAsync("/ingest/", new { id = "pair-one", text = "Ottoline Varga sailed at dawn." });
        await client.PostAsJsonAsync("/ingest/", new { id = "pair-two", text = "Benedek Szalay mended the nets." });
        foreach (var id in new[] { "pair-both", "pair-one", "pair-two" })
        {
            await Eventually.DoneAsync(client, id);
        }

        var ottoline = Assert.Single(await EntityNodesAsync(client, "Ottoline Varga")).GetProperty("id").GetString();
        Assert.Contains("Benedek Szalay", await NeighbourNamesAsync(client, ottoline!));

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync("/ingest/pair-both")).StatusCode);

        // Both entities stay (pair-one and pair-two mention them), and so does their shared link in the store; no read shows it.
        var stored = await factory.Services.GetRequiredService<IGraphStore>().GetNeighborsAsync(MemoryNamespace.Default, ottoline!, 1, 100);
        Assert.Contains(stored.Relationships, r => r.Type == GraphNames.CoOccursWith);
        Assert.Single(await EntityNodesAsync(client, "Benedek Szalay"));
        Assert.DoesNotContain("Benedek Szalay", await NeighbourNamesAsync(client, ottoline!));
    }

    private static async Task<List<string?>> NeighbourNamesAsync(HttpClient client, string nodeId)
    {
        var around = await client.GetFromJsonAsync<JsonElement>($"/graph/node/{nodeId}/neighbors?depth=1");
        return [.. around.GetProperty("nodes").EnumerateArray().Where(n => n.GetProperty("label").GetString() == "Entity").Select(n => n.GetProperty("properties").GetProperty("name").GetString())];
    }

    [Fact]
    public async Task Deleting_an_unknown_id_is_a_404_problem_and_a_blank_or_overlong_id_a_400()
    {
        var client = await factory.CreateClientAsync();

        var unknown = await client.DeleteAsync("/ingest/never-ingested");
        var overlong = await client.DeleteAsync($"/ingest/{new string('x', 257)}");
        var blank = await client.DeleteAsync("/ingest/%20");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        Assert.Contains("never-ingested", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, overlong.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, blank.StatusCode);
    }

    [Fact]
    public async Task A_reader_may_list_but_not_delete()
    {
        var admin = await factory.CreateClientAsync();
        await admin.PostAsJsonAsync("/ingest/", new { id = "reader-cannot-delete", text = "Kept safe from readers." });
        var reader = await factory.CreateClientWithRolesAsync(Roles.Reader);

        Assert.Equal(HttpStatusCode.Forbidden, (await reader.DeleteAsync("/ingest/reader-cannot-delete")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/ingest?limit=1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/ingest/reader-cannot-delete")).StatusCode);
    }

    [Fact]
    public async Task The_listing_pages_newest_first_with_metadata_and_text_length_filtered_by_metadata_and_state()
    {
        var client = await factory.CreateClientAsync();
        var batch = Guid.NewGuid().ToString("N");
        foreach (var n in new[] { 1, 2, 3 })
        {
            await client.PostAsJsonAsync("/ingest/", new { id = $"list-{batch}-{n}", text = new string('a', n * 10), metadata = new { batch } });
            await Task.Delay(5); // distinct acceptance times, so "newest first" has one answer
        }

        var filter = Uri.EscapeDataString(JsonSerializer.Serialize(new { batch }));
        var first = await client.GetFromJsonAsync<JsonElement>($"/ingest?metadata={filter}&limit=2");
        var cursor = first.GetProperty("next_cursor").GetString();
        var second = await client.GetFromJsonAsync<JsonElement>($"/ingest?metadata={filter}&limit=2&cursor={Uri.EscapeDataString(cursor!)}");

        Assert.Equal([$"list-{batch}-3", $"list-{batch}-2"], first.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("id").GetString()));
        Assert.Equal(30, first.GetProperty("events")[0].GetProperty("text_length").GetInt32());
        Assert.Equal(batch, first.GetProperty("events")[0].GetProperty("metadata").GetProperty("batch").GetString());
        Assert.Equal($"list-{batch}-1", Assert.Single(second.GetProperty("events").EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.Null, second.GetProperty("next_cursor").ValueKind);
        var deadLetters = await client.GetFromJsonAsync<JsonElement>($"/ingest?metadata={filter}&state=dead_lettered");
        Assert.Empty(deadLetters.GetProperty("events").EnumerateArray());
    }

    [Theory]
    [InlineData("state=finished", "state")]
    [InlineData("metadata=%7Bnot-json", "metadata")]
    [InlineData("metadata=%5B1%5D", "metadata")]
    [InlineData("after=2025-02-01T00:00:00Z&before=2025-01-01T00:00:00Z", "before")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    public async Task A_bad_listing_query_is_a_400_problem_naming_the_parameter(string query, string parameter)
    {
        var client = await factory.CreateClientAsync();

        var response = await client.GetAsync($"/ingest?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(parameter, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<List<string?>> HybridEventIdsAsync(HttpClient client, string query)
    {
        var body = await (await client.PostAsJsonAsync("/hybrid/search", new { query, limit = 10 })).Content.ReadFromJsonAsync<JsonElement>();
        return [.. body.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("event_id").GetString())];
    }

    private static async Task<List<JsonElement>> EntityNodesAsync(HttpClient client, string name)
    {
        var body = await (await client.PostAsJsonAsync("/graph/node/find", new { label = "Entity", properties = new { name } })).Content.ReadFromJsonAsync<JsonElement>();
        return [.. body.GetProperty("nodes").EnumerateArray()];
    }
}
