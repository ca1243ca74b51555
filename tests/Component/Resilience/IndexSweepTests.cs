using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
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
}
