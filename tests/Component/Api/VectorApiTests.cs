using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace RagMemory.Tests.Api;

public sealed class VectorApiTests(RagMemoryApiFactory factory) : IClassFixture<RagMemoryApiFactory>
{
    [Fact]
    public async Task Upserted_vectors_are_found_with_their_ids_and_payloads_unchanged()
    {
        var client = await factory.CreateClientAsync();
        var upsert = await client.PostAsJsonAsync("/memory/upsert", new
        {
            vectors = new object[]
            {
                new { id = 101, vector = Basis(0), payload = new { text = "doc_101", group = "a" } },
                new { id = "doc-102", vector = Basis(1), payload = new { text = "doc_102", group = "b" } },
            },
        });
        Assert.Equal(HttpStatusCode.OK, upsert.StatusCode);

        var byInteger = await SearchAsync(client, Basis(0), null);
        Assert.Equal(JsonValueKind.Number, byInteger[0].GetProperty("id").ValueKind);
        Assert.Equal(101, byInteger[0].GetProperty("id").GetInt32());
        Assert.Equal("doc_101", byInteger[0].GetProperty("payload").GetProperty("text").GetString());
        Assert.Equal(1.0, byInteger[0].GetProperty("score").GetDouble(), 3);

        var filtered = await SearchAsync(client, Basis(0), new { group = "b" });
        Assert.Equal("doc-102", Assert.Single(filtered).GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_client_vector_with_a_chunks_id_and_payload_is_kept_apart_from_the_ingested_chunk()
    {
        var client = await factory.CreateClientAsync();
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsJsonAsync("/ingest/", new { id = "apart", text = "Hedy Lamarr co-invented frequency hopping for torpedo guidance." })).StatusCode);
        await Eventually.DoneAsync(client, "apart");

        // The same id and the fields of a chunk, but a client's vector: it must neither replace the chunk nor reach hybrid search.
        var forged = new { id = "\"apart\"#0", vector = Basis(7), payload = new { event_id = "apart", text = "forged text", chunk_index = 0 } };
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/memory/upsert", new { vectors = new[] { forged } })).StatusCode);

        var hybrid = await (await client.PostAsJsonAsync("/hybrid/search", new { query = "Who invented frequency hopping?", limit = 5 })).Content.ReadFromJsonAsync<JsonElement>();
        var hit = hybrid.GetProperty("results").EnumerateArray().Single(r => r.GetProperty("event_id").GetString() == "apart");
        Assert.Contains("Hedy Lamarr", hit.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(hybrid.GetProperty("results").EnumerateArray(), r => r.GetProperty("text").GetString() == "forged text");

        var both = await SearchAsync(client, Basis(7), new { event_id = "apart" });
        Assert.Equal("client", both[0].GetProperty("source").GetString());
        Assert.Equal("forged text", both[0].GetProperty("payload").GetProperty("text").GetString());
        var chunk = Assert.Single(both, h => h.GetProperty("source").GetString() == "chunk");
        Assert.Equal("\"apart\"#0", chunk.GetProperty("id").GetString());
        Assert.Contains("Hedy Lamarr", chunk.GetProperty("payload").GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upserting_an_id_again_replaces_its_vector_and_payload()
    {
        var client = await factory.CreateClientAsync();
        await client.PostAsJsonAsync("/memory/upsert", new { vectors = new[] { new { id = "moving", vector = Basis(5), payload = new { version = 1 } } } });
        await client.PostAsJsonAsync("/memory/upsert", new { vectors = new[] { new { id = "moving", vector = Basis(6), payload = new { version = 2 } } } });

        var hit = (await SearchAsync(client, Basis(6), null))[0];
        Assert.Equal("moving", hit.GetProperty("id").GetString());
        Assert.Equal(2, hit.GetProperty("payload").GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Collection_info_reports_size_dimension_and_distance()
    {
        var client = await factory.CreateClientAsync();
        await client.PostAsJsonAsync("/memory/upsert", new { vectors = new[] { new { id = "info-1", vector = Basis(9), payload = new { } } } });
        var info = await (await client.PostAsync("/memory/collection/info", null)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.True(info.GetProperty("size").GetInt64() >= 1);
        Assert.Equal(384, info.GetProperty("dimension").GetInt32());
        Assert.Equal("cosine", info.GetProperty("distance").GetString());
    }

    private static float[] Basis(int axis)
    {
        var vector = new float[384];
        vector[axis] = 1f;
        vector[(axis + 100) % 384] = 0.1f;
        return vector;
    }

    private static async Task<JsonElement[]> SearchAsync(HttpClient client, float[] vector, object? filter)
    {
        var response = await client.PostAsJsonAsync("/memory/search", new { query_vector = vector, limit = 10, filter });
        response.EnsureSuccessStatusCode();
        return [.. (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results").EnumerateArray()];
    }
}
