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
using RagMemory.Tests.Resilience;

namespace RagMemory.Tests.Api;

/// <summary>
/// <c>PUT /ingest/{id}</c> over the real embedded engines: a search during a replacement shows the old version or the
/// new one, never both and never neither; a failed replacement keeps the old one and says why.
/// </summary>
public sealed class EventReplaceApiTests
{
    private const string OldText = "The lighthouse keeper Quillon polished the great lamp every evening.";
    private const string NewText = "The lighthouse keeper Marbeck painted the tower red every spring.";

    [Fact]
    public async Task A_search_during_a_replacement_shows_the_old_version_until_the_new_one_is_done_then_only_the_new_one()
    {
        await using var factory = new RagMemoryApiFactory();
        // The graph is written last: while it is slow, the new version's vectors and keyword rows are already stored.
        var faults = factory.Inject(Backends.GraphStore, TimeSpan.FromSeconds(30));
        var client = await factory.CreateClientAsync();
        await client.PostAsJsonAsync("/ingest/", new { id = "keeper", text = OldText });
        await Eventually.DoneAsync(client, "keeper");
        faults.SlowBy = TimeSpan.FromSeconds(3);
        faults.SlowCalls.Add("MergeEventGraphAsync");

        var replaced = await client.PutAsJsonAsync("/ingest/keeper", new { text = NewText, metadata = new { edition = 2 } });

        Assert.Equal(HttpStatusCode.Accepted, replaced.StatusCode);
        var accepted = await replaced.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, accepted.GetProperty("version").GetInt32());
        Assert.Equal(2, accepted.GetProperty("replacement").GetProperty("version").GetInt32());
        Assert.False(accepted.GetProperty("unchanged").GetBoolean());
        var seen = new List<string>();
        var oldWhilePending = 0;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            Assert.True(DateTime.UtcNow < deadline, "the replacement was not done within 60 s");
            var status = await client.GetFromJsonAsync<JsonElement>("/ingest/keeper");
            var texts = await KeeperTextsAsync(client);
            var versions = texts.Select(t => t == OldText ? "old" : t == NewText ? "new" : "other").Distinct().ToList();
            Assert.True(versions.Count == 1 && versions[0] != "other", $"a search showed {string.Join(" and ", versions.DefaultIfEmpty("nothing"))} of the event");
            seen.Add(versions[0]);
            if (status.GetProperty("version").GetInt32() == 2)
            {
                break;
            }

            oldWhilePending += versions[0] == "old" && status.GetProperty("replacement").ValueKind == JsonValueKind.Object ? 1 : 0;
        }

        Assert.True(oldWhilePending > 0, "no search ran while the replacement was pending");
        Assert.Equal("new", seen[^1]);
        Assert.DoesNotContain("old", seen.SkipWhile(v => v == "old"));
        var done = await client.GetFromJsonAsync<JsonElement>("/ingest/keeper");
        Assert.Equal(JsonValueKind.Null, done.GetProperty("replacement").ValueKind);

        // The old version's rows leave the indexes, not only the results.
        var keywords = factory.Services.GetRequiredService<IKeywordIndex>();
        await EventuallyAsync(async () => (await keywords.GetChunksAsync(MemoryNamespace.Default, [RecordId.FromString("keeper")])).All(d => d.Text == NewText));
        await EventuallyAsync(async () => (await EntityNodesAsync(client, "Quillon")).Count == 0);
        Assert.Single(await EntityNodesAsync(client, "Marbeck"));
        var answer = await (await client.PostAsJsonAsync("/hybrid/generate", new { query = "What did the lighthouse keeper paint?" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(answer.GetProperty("citations").EnumerateArray(), c => c.GetProperty("event_id").GetString() == "keeper");
    }

    [Fact]
    public async Task Graph_reads_during_a_replacement_show_the_old_versions_mentions_under_the_public_id_then_only_the_new_ones()
    {
        await using var factory = new RagMemoryApiFactory();
        // The store's swap is the last step: while it is held, the new version's graph is written but not visible.
        var faults = factory.Inject(Backends.IngestionQueue, TimeSpan.FromSeconds(30));
        var client = await factory.CreateClientAsync();
        await client.PostAsJsonAsync("/ingest/", new { id = "keeper", text = OldText });
        await Eventually.DoneAsync(client, "keeper");
        var graph = factory.Services.GetRequiredService<IGraphStore>();
        faults.SlowBy = TimeSpan.FromSeconds(8);
        faults.SlowCalls.Add("MarkDoneAsync");

        await client.PutAsJsonAsync("/ingest/keeper", new { text = NewText });
        await EventuallyAsync(async () => (await graph.FindNodesAsync(MemoryNamespace.Default, "Entity", new JsonObject { ["name"] = "Marbeck" }, 10)).Count == 1);
        Assert.Equal(2, (await graph.FindNodesAsync(MemoryNamespace.Default, "Event", null, 10)).Count);

        var marbeck = await EntityNodesAsync(client, "Marbeck");
        var quillon = Assert.Single(await EntityNodesAsync(client, "Quillon"));
        var events = await EventNodesAsync(client, null);
        var byId = await EventNodesAsync(client, new { event_id = "keeper" });
        var oldEvent = Assert.Single(events).GetProperty("id").GetString()!;
        var around = await client.GetFromJsonAsync<JsonElement>($"/graph/node/{oldEvent}/neighbors?depth=2");
        var newEvent = (await graph.FindNodesAsync(MemoryNamespace.Default, "Event", null, 10)).Single(e => e.Id != oldEvent).Id;
        var storedMarbeck = (await graph.FindNodesAsync(MemoryNamespace.Default, "Entity", new JsonObject { ["name"] = "Marbeck" }, 10)).Single().Id;
        var aroundNew = await client.GetAsync($"/graph/node/{newEvent}/neighbors");
        var aroundMarbeck = await client.GetAsync($"/graph/node/{storedMarbeck}/neighbors");
        var pending = await client.GetFromJsonAsync<JsonElement>("/ingest/keeper");

        Assert.Equal(JsonValueKind.Object, pending.GetProperty("replacement").ValueKind); // all the reads above ran while it was pending
        Assert.Empty(marbeck);
        Assert.Equal("\"keeper\"", Assert.Single(events).GetProperty("properties").GetProperty("event_id").GetRawText());
        Assert.Equal(Assert.Single(events).GetProperty("id").GetString(), Assert.Single(byId).GetProperty("id").GetString());
        var names = NamesIn(around);
        Assert.Contains("Quillon", names);
        Assert.DoesNotContain("Marbeck", names);
        Assert.Equal(["\"keeper\""], EventIdsIn(around));
        Assert.Equal(HttpStatusCode.NotFound, aroundNew.StatusCode); // the new version's nodes are in the store, not in the reads
        Assert.Equal(HttpStatusCode.NotFound, aroundMarbeck.StatusCode);
        Assert.Contains(quillon.GetProperty("id").GetString(), around.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("id").GetString()));

        faults.SlowCalls.Clear();
        await EventuallyAsync(async () => (await client.GetFromJsonAsync<JsonElement>("/ingest/keeper")).GetProperty("version").GetInt32() == 2);
        var marbeckAfter = Assert.Single(await EntityNodesAsync(client, "Marbeck"));
        var eventAfter = Assert.Single(await EventNodesAsync(client, new { event_id = "keeper" }));
        var aroundAfter = await client.GetFromJsonAsync<JsonElement>($"/graph/node/{marbeckAfter.GetProperty("id").GetString()}/neighbors?depth=2");

        Assert.Equal("\"keeper\"", eventAfter.GetProperty("properties").GetProperty("event_id").GetRawText());
        Assert.Equal(eventAfter.GetProperty("id").GetString(), Assert.Single(await EventNodesAsync(client, null)).GetProperty("id").GetString());
        Assert.Equal(["\"keeper\""], EventIdsIn(aroundAfter));
        Assert.DoesNotContain("Quillon", NamesIn(aroundAfter));
        Assert.Empty(await EntityNodesAsync(client, "Quillon"));
    }

    [Fact]
    public async Task A_replacement_that_fails_keeps_the_old_version_searchable_says_why_and_a_new_text_supersedes_it()
    {
        await using var factory = new RagMemoryApiFactory();
        factory.Settings["Ingestion:MaxAttempts"] = "1";
        var faults = factory.Inject(Backends.Embedder, TimeSpan.FromSeconds(5));
        var client = await factory.CreateClientAsync();
        await client.PostAsJsonAsync("/ingest/", new { id = "keeper", text = OldText });
        await Eventually.DoneAsync(client, "keeper");
        faults.Mode = FaultMode.Fail;

        await client.PutAsJsonAsync("/ingest/keeper", new { text = NewText });

        var status = await EventuallyReplacementAsync(client, "dead_lettered");
        Assert.Equal("done", status.GetProperty("status").GetString());
        Assert.Equal(1, status.GetProperty("version").GetInt32());
        Assert.Contains("Exception", status.GetProperty("replacement").GetProperty("error").GetString(), StringComparison.Ordinal);
        faults.Mode = FaultMode.Pass;
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/admin/breakers/{Backends.Embedder}/reset", null)).StatusCode);
        Assert.Equal([OldText], await KeeperTextsAsync(client));

        var superseding = await client.PutAsJsonAsync("/ingest/keeper", new { id = "keeper", text = NewText + " Twice." });

        Assert.Equal(HttpStatusCode.Accepted, superseding.StatusCode);
        Assert.Equal(3, (await superseding.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("replacement").GetProperty("version").GetInt32());
        await EventuallyAsync(async () => (await client.GetFromJsonAsync<JsonElement>("/ingest/keeper")).GetProperty("version").GetInt32() == 3);
        Assert.Equal([NewText + " Twice."], await KeeperTextsAsync(client));
    }

    [Fact]
    public async Task A_replacement_of_an_unknown_id_is_a_404_the_same_text_no_new_version_a_second_while_one_is_pending_a_409_and_a_reader_is_refused()
    {
        await using var factory = new RagMemoryApiFactory();
        var faults = factory.Inject(Backends.GraphStore, TimeSpan.FromSeconds(30));
        var client = await factory.CreateClientAsync();
        await client.PostAsJsonAsync("/ingest/", new { id = 42, text = OldText });
        await Eventually.DoneAsync(client, "42");

        var unknown = await client.PutAsJsonAsync("/ingest/nobody", new { text = "x" });
        var same = await client.PutAsJsonAsync("/ingest/42", new { text = OldText });
        var otherId = await client.PutAsJsonAsync("/ingest/42", new { id = 43, text = NewText });
        var blank = await client.PutAsJsonAsync("/ingest/42", new { text = " " });
        var reader = await (await factory.CreateClientWithRolesAsync(RagMemory.Identity.Roles.Reader)).PutAsJsonAsync("/ingest/42", new { text = NewText });
        faults.SlowBy = TimeSpan.FromSeconds(5);
        faults.SlowCalls.Add("MergeEventGraphAsync");
        var first = await client.PutAsJsonAsync("/ingest/42", new { text = NewText });
        var again = await client.PutAsJsonAsync("/ingest/42", new { text = NewText });
        var second = await client.PutAsJsonAsync("/ingest/42", new { text = "A third text." });
        var postOld = await client.PostAsJsonAsync("/ingest/", new { id = 42, text = OldText });

        await AssertProblemAsync(unknown, HttpStatusCode.NotFound, "nobody");
        Assert.Equal(HttpStatusCode.Accepted, same.StatusCode);
        var unchanged = await same.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(unchanged.GetProperty("unchanged").GetBoolean());
        Assert.Equal(JsonValueKind.Null, unchanged.GetProperty("replacement").ValueKind);
        await AssertProblemAsync(otherId, HttpStatusCode.BadRequest, "id");
        await AssertProblemAsync(blank, HttpStatusCode.BadRequest, "text");
        Assert.Equal(HttpStatusCode.Forbidden, reader.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.True((await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("unchanged").GetBoolean());
        await AssertProblemAsync(second, HttpStatusCode.Conflict, "replacement");
        Assert.Equal(HttpStatusCode.Accepted, postOld.StatusCode); // POST keeps its contract: the current text is idempotent
        faults.SlowCalls.Clear();
        await EventuallyAsync(async () => (await client.GetFromJsonAsync<JsonElement>("/ingest/42")).GetProperty("version").GetInt32() == 2);
        await AssertProblemAsync(await client.PostAsJsonAsync("/ingest/", new { id = 42, text = OldText }), HttpStatusCode.Conflict, "PUT");
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode expected, string mentions)
    {
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(mentions, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<List<string>> KeeperTextsAsync(HttpClient client)
    {
        var response = await client.PostAsJsonAsync("/hybrid/search", new { query = "lighthouse keeper", limit = 10 });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return [.. body.GetProperty("results").EnumerateArray()
            .Where(r => r.GetProperty("event_id").ToString() is "keeper" or "42")
            .Select(r => r.GetProperty("text").GetString()!)];
    }

    private static async Task<JsonElement> EventuallyReplacementAsync(HttpClient client, string state)
    {
        JsonElement status = default;
        await EventuallyAsync(async () =>
        {
            status = await client.GetFromJsonAsync<JsonElement>("/ingest/keeper");
            return status.GetProperty("replacement") is { ValueKind: JsonValueKind.Object } replacement && replacement.GetProperty("status").GetString() == state;
        });
        return status;
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition, int timeoutSeconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"not true within {timeoutSeconds} s");
            await Task.Delay(100);
        }
    }

    private static async Task<List<JsonElement>> EventNodesAsync(HttpClient client, object? properties)
    {
        var response = await client.PostAsJsonAsync("/graph/node/find", new { label = "Event", properties });
        response.EnsureSuccessStatusCode();
        return [.. (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("nodes").EnumerateArray()];
    }

    private static List<string?> NamesIn(JsonElement neighbourhood) =>
        [.. neighbourhood.GetProperty("nodes").EnumerateArray().Where(n => n.GetProperty("label").GetString() == "Entity").Select(n => n.GetProperty("properties").GetProperty("name").GetString())];

    private static List<string> EventIdsIn(JsonElement neighbourhood) =>
        [.. neighbourhood.GetProperty("nodes").EnumerateArray().Where(n => n.GetProperty("label").GetString() == "Event").Select(n => n.GetProperty("properties").GetProperty("event_id").GetRawText())];

    private static async Task<List<JsonElement>> EntityNodesAsync(HttpClient client, string name)
    {
        var body = await (await client.PostAsJsonAsync("/graph/node/find", new { label = "Entity", properties = new { name } })).Content.ReadFromJsonAsync<JsonElement>();
        return [.. body.GetProperty("nodes").EnumerateArray()];
    }
}
