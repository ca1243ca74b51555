using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace RagMemory.Tests.Api;

public sealed class IngestionApiTests(RagMemoryApiFactory factory) : IClassFixture<RagMemoryApiFactory>
{
    private const string LovelaceText =
        "Ada Lovelace wrote the first published program for the Analytical Engine designed by Charles Babbage. " +
        "Her notes of 1843 describe how the machine could compute Bernoulli numbers.";

    [Fact]
    public async Task Ingested_text_becomes_done_and_is_found_by_memory_search_hybrid_search_and_generate()
    {
        var client = await factory.CreateClientAsync();
        var accepted = await client.PostAsJsonAsync("/ingest/", new { id = "lovelace", text = LovelaceText, metadata = new { source = "history" } });
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var body = await accepted.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("accepted", body.GetProperty("status").GetString());
        Assert.Equal("lovelace", body.GetProperty("id").GetString());

        await Eventually.DoneAsync(client, "lovelace");

        var memory = await client.PostAsJsonAsync("/memory/search", new { query = "who programmed Babbage's machine", limit = 3 });
        var memoryHit = (await memory.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results")[0];
        Assert.Equal("lovelace", memoryHit.GetProperty("payload").GetProperty("event_id").GetString());
        Assert.Equal("history", memoryHit.GetProperty("payload").GetProperty("metadata").GetProperty("source").GetString());

        var hybrid = await client.PostAsJsonAsync("/hybrid/search", new { query = "Who wrote a program for the Analytical Engine?", limit = 5 });
        var hybridHit = (await hybrid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results")[0];
        Assert.Equal("lovelace", hybridHit.GetProperty("event_id").GetString());
        var scores = hybridHit.GetProperty("scores");
        Assert.True(scores.GetProperty("keyword").GetDouble() > 0);
        Assert.True(scores.GetProperty("vector").GetDouble() > 0);
        Assert.True(scores.GetProperty("graph").GetDouble() > 0, "the query names the entity 'Analytical Engine'");

        var generated = await client.PostAsJsonAsync("/hybrid/generate", new { query = "Who wrote the first program for the Analytical Engine?" });
        var answer = await generated.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("Lovelace", answer.GetProperty("answer").GetString(), StringComparison.Ordinal);
        Assert.Equal("lovelace", answer.GetProperty("citations")[0].GetProperty("event_id").GetString());
        Assert.Equal("extractive-minilm", answer.GetProperty("model").GetString());
    }

    [Fact]
    public async Task Same_id_and_same_text_is_accepted_again_without_a_copy()
    {
        var client = await factory.CreateClientAsync();
        var first = await client.PostAsJsonAsync("/ingest/", new { id = "twice", text = "Grace Hopper built the first compiler." });
        var second = await client.PostAsJsonAsync("/ingest/", new { id = "twice", text = "Grace Hopper built the first compiler." });

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.True((await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("duplicate").GetBoolean());
    }

    [Fact]
    public async Task Same_id_with_another_text_is_a_409_conflict()
    {
        var client = await factory.CreateClientAsync();
        await client.PostAsJsonAsync("/ingest/", new { id = "clash", text = "The first text." });
        var response = await client.PostAsJsonAsync("/ingest/", new { id = "clash", text = "Another text." });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(409, problem.GetProperty("status").GetInt32());
        Assert.True(problem.TryGetProperty("correlation_id", out _));
    }

    [Fact]
    public async Task Integer_and_string_ids_are_different_events_and_round_trip_unchanged()
    {
        var client = await factory.CreateClientAsync();
        var asInteger = await client.PostAsJsonAsync("/ingest/", new { id = 7001, text = "Integer id text about Alan Turing." });
        var asString = await client.PostAsJsonAsync("/ingest/", new { id = "7001", text = "String id text about Konrad Zuse." });

        Assert.Equal(JsonValueKind.Number, (await asInteger.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").ValueKind);
        Assert.Equal(JsonValueKind.String, (await asString.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").ValueKind);
        var status = await Eventually.DoneAsync(client, "7001");
        Assert.Equal(JsonValueKind.Number, status.GetProperty("id").ValueKind);
    }

    [Fact]
    public async Task Status_of_an_unknown_event_is_404()
    {
        var client = await factory.CreateClientAsync();
        var response = await client.GetAsync("/ingest/never-sent");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
