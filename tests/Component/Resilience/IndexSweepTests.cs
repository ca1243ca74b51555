using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using RagMemory.Graph;
using RagMemory.Ingestion;
using RagMemory.Keywords;
using RagMemory.Namespaces;
using RagMemory.Resilience;
using RagMemory.Tests.Api;

namespace RagMemory.Tests.Resilience;

/// <summary>
/// A delete whose index cleanup fails is still a delete (audited, its status a 404); what the index kept is recorded and
/// swept by the worker once the index is back, after which no search shows any of it.
/// </summary>
public sealed class IndexSweepTests
{
    [Fact]
    public async Task Leftovers_of_a_delete_whose_keyword_cleanup_failed_are_swept_once_the_index_recovers()
    {
        await using var factory = new RagMemoryApiFactory();
        factory.Settings["Ingestion:ReconcileInterval"] = "00:00:01";
        var faults = factory.Inject(Backends.KeywordIndex, TimeSpan.FromSeconds(5));
        var client = await factory.CreateClientAsync();
        await client.PostAsJsonAsync("/ingest/", new { id = "swept", text = "The Zorvath comet returns every ninety years." });
        await Eventually.DoneAsync(client, "swept");
        var store = factory.Services.GetRequiredService<IEventStore>();
        var keywords = factory.Services.GetRequiredService<IKeywordIndex>();
        faults.Mode = FaultMode.Fail;

        var deleted = await client.DeleteAsync("/ingest/swept");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/ingest/swept")).StatusCode);
        var pending = Assert.Single(await store.ListCleanupsAsync(10));
        Assert.Equal(RecordId.FromString("swept"), pending.Key);
        Assert.True(pending.Attempts >= 1, "the failed removal is counted");
        faults.Mode = FaultMode.Pass;

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await store.ListCleanupsAsync(10)).Count > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the sweep did not clean the index within 60 s");
            await Task.Delay(100);
        }

        Assert.Empty(await keywords.GetChunksAsync(MemoryNamespace.Default, [RecordId.FromString("swept")]));
        var search = await (await client.PostAsJsonAsync("/hybrid/search", new { query = "Zorvath comet", limit = 10 })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.DoesNotContain(search.GetProperty("results").EnumerateArray(), r => r.GetProperty("event_id").GetString() == "swept");
        var graph = await (await client.PostAsJsonAsync("/graph/node/find", new { label = "Entity", properties = new { name = "Zorvath" } })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Empty(graph.GetProperty("nodes").EnumerateArray());
    }

    [Fact]
    public async Task While_a_deletes_cleanup_keeps_failing_no_search_answer_or_graph_read_shows_what_the_indexes_kept()
    {
        await using var factory = new RagMemoryApiFactory();
        factory.Settings["Ingestion:ReconcileInterval"] = "00:00:01";
        var faults = factory.Inject(Backends.VectorStore, TimeSpan.FromSeconds(5));
        // Only the removal fails and the searches must keep working, so the failed removals never open the breaker.
        factory.Settings[$"Resilience:Backends:{Backends.VectorStore}:MinimumThroughput"] = "10000";
        var client = await factory.CreateClientAsync();
        var id = RecordId.FromString("leftover");
        await client.PostAsJsonAsync("/ingest/", new { id = "leftover", text = "The Zorvath comet returns every ninety years over Quellmoor." });
        await Eventually.DoneAsync(client, "leftover");
        Assert.Contains("leftover", await HybridEventIdsAsync(client));
        var store = factory.Services.GetRequiredService<IEventStore>();
        var keywords = factory.Services.GetRequiredService<IKeywordIndex>();
        var graph = factory.Services.GetRequiredService<IGraphStore>();
        // The chunks' removal runs first: failing, it leaves the keyword rows and the graph mentions in place too.
        faults.FailCalls.Add("DeleteEventAsync");

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync("/ingest/leftover")).StatusCode);

        Assert.Equal(id, Assert.Single(await store.ListCleanupsAsync(10)).Key);
        Assert.NotEmpty(await keywords.GetChunksAsync(MemoryNamespace.Default, [id]));
        var entity = Assert.Single(await graph.FindNodesAsync(MemoryNamespace.Default, "Entity", new JsonObject { ["name"] = "Zorvath" }, 10));
        Assert.Single(await graph.FindNodesAsync(MemoryNamespace.Default, "Event", new JsonObject { ["event_id"] = "leftover" }, 10));
        Assert.NotEmpty(await graph.FindEventsMentioningAsync(MemoryNamespace.Default, ["Zorvath"], 10));

        Assert.DoesNotContain("leftover", await HybridEventIdsAsync(client));
        var vectors = await (await client.PostAsJsonAsync("/memory/search", new { query = "Zorvath comet Quellmoor", limit = 10 })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.DoesNotContain(vectors.GetProperty("results").EnumerateArray(), r => r.GetProperty("payload").TryGetProperty("event_id", out var e) && e.GetString() == "leftover");
        var answer = await (await client.PostAsJsonAsync("/hybrid/generate", new { query = "When does the Zorvath comet return?" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.DoesNotContain(answer.GetProperty("citations").EnumerateArray(), c => c.GetProperty("event_id").GetString() == "leftover");
        Assert.Empty(await NodesAsync(client, "Entity", new { name = "Zorvath" }));
        Assert.Empty(await NodesAsync(client, "Event", new { event_id = "leftover" }));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/graph/node/{entity.Id}/neighbors")).StatusCode);
        Assert.True((await store.ListCleanupsAsync(10)).Single().Attempts >= 1, "the cleanup was still failing while the reads ran");
    }

    [Fact]
    public async Task A_delete_is_audited_with_who_when_and_namespace_for_admins()
    {
        await using var factory = new RagMemoryApiFactory();
        var client = await factory.CreateClientAsync();
        await client.PostAsJsonAsync("/ingest/", new { id = 314, text = "Audited text." });
        await client.DeleteAsync("/ingest/314");

        var audit = await client.GetFromJsonAsync<JsonElement>("/admin/audit/deletions?limit=10");
        var badLimit = await client.GetAsync("/admin/audit/deletions?limit=0");
        var reader = await (await factory.CreateClientWithRolesAsync(RagMemory.Identity.Roles.Writer)).GetAsync("/admin/audit/deletions");

        var entry = Assert.Single(audit.GetProperty("deletions").EnumerateArray());
        Assert.Equal(314, entry.GetProperty("id").GetInt64());
        Assert.Equal("default", entry.GetProperty("namespace").GetString());
        Assert.Equal("admin", entry.GetProperty("deleted_by").GetString());
        Assert.True(DateTimeOffset.UtcNow - entry.GetProperty("deleted_at").GetDateTimeOffset() < TimeSpan.FromMinutes(5));
        Assert.Equal(HttpStatusCode.BadRequest, badLimit.StatusCode);
        Assert.Equal("application/problem+json", badLimit.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, reader.StatusCode);
    }

    private static async Task<List<string?>> HybridEventIdsAsync(HttpClient client)
    {
        var response = await client.PostAsJsonAsync("/hybrid/search", new { query = "Zorvath comet Quellmoor", limit = 10 });
        response.EnsureSuccessStatusCode();
        return [.. (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results").EnumerateArray().Select(r => r.GetProperty("event_id").ToString())];
    }

    private static async Task<List<JsonElement>> NodesAsync(HttpClient client, string label, object properties)
    {
        var response = await client.PostAsJsonAsync("/graph/node/find", new { label, properties });
        response.EnsureSuccessStatusCode();
        return [.. (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("nodes").EnumerateArray()];
    }
}
