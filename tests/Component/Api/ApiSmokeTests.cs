using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace RagMemory.Tests.Api;

public sealed class ApiSmokeTests(RagMemoryApiFactory factory) : IClassFixture<RagMemoryApiFactory>
{
    [Fact]
    public async Task Ingested_text_becomes_done_and_is_found_by_hybrid_search()
    {
        var client = await factory.CreateClientAsync();
        var accepted = await client.PostAsJsonAsync("/ingest/", new { id = "smoke-1", text = "Ada Lovelace wrote the first program for the Analytical Engine.", metadata = new { source = "test" } });
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);

        await Eventually.DoneAsync(client, "smoke-1");
        var search = await client.PostAsJsonAsync("/hybrid/search", new { query = "Who wrote a program for the Analytical Engine?", limit = 5 });
        var results = (await search.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results");
        Assert.Equal("smoke-1", results[0].GetProperty("event_id").GetString());
    }
}
