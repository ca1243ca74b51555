using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RagMemory.Resilience;
using RagMemory.Tests.Api;

namespace RagMemory.Tests.Resilience;

/// <summary>The operator's queue routes: an event whose processing keeps failing becomes a dead letter, is listed with its error and is replayed to done.</summary>
public sealed class DeadLetterApiTests
{
    [Fact]
    public async Task A_dead_letter_is_listed_with_its_error_and_replayed_to_done_once_the_backend_recovers()
    {
        await using var factory = new RagMemoryApiFactory();
        factory.Settings["Ingestion:MaxAttempts"] = "1";
        var faults = factory.Inject(Backends.GraphStore, TimeSpan.FromSeconds(1));
        var client = await factory.CreateClientAsync();
        faults.Mode = FaultMode.Fail;

        await client.PostAsJsonAsync("/ingest/", new { id = "poisoned", text = "Grace Hopper wrote the first compiler." });
        await client.PostAsJsonAsync("/ingest/", new { id = 7, text = "Katherine Johnson computed orbital trajectories." });
        await Eventually.DoneAsync(client, "poisoned", expected: "dead_lettered");
        await Eventually.DoneAsync(client, "7", expected: "dead_lettered");

        var counts = await client.GetFromJsonAsync<JsonElement>("/admin/ingestion/queue");
        Assert.Equal(2, counts.GetProperty("dead_lettered").GetInt64());
        var listed = await client.GetFromJsonAsync<JsonElement>("/admin/ingestion/dead-letters");
        var deadLetters = listed.GetProperty("dead_letters").EnumerateArray().ToList();
        Assert.Equal(2, deadLetters.Count);
        Assert.All(deadLetters, d => Assert.False(string.IsNullOrWhiteSpace(d.GetProperty("error").GetString())));
        Assert.Contains(deadLetters, d => d.GetProperty("id").ValueKind == JsonValueKind.Number && d.GetProperty("id").GetInt64() == 7);

        // The failures opened the graph store's breaker; an operator closes it before replaying.
        faults.Mode = FaultMode.Pass;
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/admin/breakers/{Backends.GraphStore}/reset", null)).StatusCode);
        var replayed = await client.PostAsync("/admin/ingestion/dead-letters/poisoned/replay", null);
        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        await Eventually.DoneAsync(client, "poisoned");

        var all = await client.PostAsync("/admin/ingestion/dead-letters/replay", null);
        Assert.Equal(1, (await all.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("replayed").GetInt32());
        await Eventually.DoneAsync(client, "7");
        var empty = await client.GetFromJsonAsync<JsonElement>("/admin/ingestion/dead-letters");
        Assert.Empty(empty.GetProperty("dead_letters").EnumerateArray());
    }

    [Fact]
    public async Task Replaying_an_event_that_is_not_a_dead_letter_is_a_409_and_an_unknown_one_a_404()
    {
        await using var factory = new RagMemoryApiFactory();
        var client = await factory.CreateClientAsync();
        await client.PostAsJsonAsync("/ingest/", new { id = "healthy", text = "Ada Lovelace wrote about the Analytical Engine." });
        await Eventually.DoneAsync(client, "healthy");

        var conflict = await client.PostAsync("/admin/ingestion/dead-letters/healthy/replay", null);
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Contains("not dead-lettered", await conflict.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var missing = await client.PostAsync("/admin/ingestion/dead-letters/nobody/replay", null);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var badLimit = await client.GetAsync("/admin/ingestion/dead-letters?limit=0");
        Assert.Equal(HttpStatusCode.BadRequest, badLimit.StatusCode);
    }
}
