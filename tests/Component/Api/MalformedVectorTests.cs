using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace RagMemory.Tests.Api;

/// <summary>
/// A writer's vector whose payload is not a chunk's must not break hybrid search for anyone else. Since clients' vectors
/// live apart from the chunks, such a record never even reaches hybrid search: nothing is skipped, logged or counted
/// (the chunk store's own test covers a malformed chunk row).
/// </summary>
/// <remarks>
/// Alone, after the parallel tests: the metrics exporter sums every RagMemory meter in the process, so another test's
/// deliberately malformed chunk (the Qdrant wire tests skip one) would count in this host's <c>/metrics</c> too.
/// </remarks>
[Collection(Name)]
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed partial class MalformedVectorTests
{
    public const string Name = "metrics of a malformed vector, alone";

    [Fact]
    public async Task After_a_writer_upserts_a_number_as_text_a_reader_still_searches_and_gets_answers_and_the_record_stays_the_clients()
    {
        await using var factory = new RagMemoryApiFactory();
        var admin = await factory.CreateClientAsync();
        await admin.PostAsJsonAsync("/ingest/", new { id = "lighthouse", text = "The lighthouse keeper painted the tower red." });
        await Eventually.DoneAsync(admin, "lighthouse");
        var writer = await factory.CreateClientWithRolesAsync("writer");
        var reader = await factory.CreateClientWithRolesAsync("reader");
        var numbers = string.Join(',', Enumerable.Repeat("0.05", 384));
        var body = $$$"""{"vectors": [{"id": "poison-1", "vector": [{{{numbers}}}], "payload": {"event_id": "poison", "text": 42}}]}""";

        var upsert = await writer.PostAsync("/memory/upsert", new StringContent(body, Encoding.UTF8, "application/json"));
        var search = await reader.PostAsJsonAsync("/hybrid/search", new { query = "lighthouse tower", limit = 5 });
        var generate = await reader.PostAsJsonAsync("/hybrid/generate", new { query = "What colour did the keeper paint the lighthouse tower?" });

        Assert.Equal(HttpStatusCode.OK, upsert.StatusCode);
        Assert.Equal(HttpStatusCode.OK, search.StatusCode);
        var results = (await search.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(["lighthouse"], results.Select(r => r.GetProperty("event_id").GetString()));
        Assert.Equal(HttpStatusCode.OK, generate.StatusCode);
        var citations = (await generate.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("citations").EnumerateArray().ToList();
        Assert.Equal(["lighthouse"], citations.Select(c => c.GetProperty("event_id").GetString()));

        // The payload stays as written, a client's own: nothing refuses or rewrites it.
        var stored = await reader.PostAsJsonAsync("/memory/search", new { query_vector = Enumerable.Repeat(0.05, 384), limit = 1 });
        var hit = (await stored.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results")[0];
        Assert.Equal(42, hit.GetProperty("payload").GetProperty("text").GetInt32());
        Assert.Equal("client", hit.GetProperty("source").GetString());
        var logs = await admin.GetFromJsonAsync<JsonElement>("/admin/logs?q=poison-1&limit=500");
        Assert.DoesNotContain(logs.GetProperty("events").EnumerateArray(), e => e.GetProperty("message").GetString()!.Contains("left out of hybrid search", StringComparison.Ordinal));
        Assert.DoesNotMatch(SkippedTextRecords(), await factory.CreateClient().GetStringAsync("/metrics"));
    }

    [GeneratedRegex("""^ragmemory_search_skipped_records_total\{[^}]*field="text"[^}]*\} [1-9]""", RegexOptions.Multiline)]
    private static partial Regex SkippedTextRecords();
}
