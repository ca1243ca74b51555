using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace RagMemory.Tests.Api;

public sealed class GraphApiTests(RagMemoryApiFactory factory) : IClassFixture<RagMemoryApiFactory>
{
    [Fact]
    public async Task Nodes_are_created_found_by_properties_and_linked_to_neighbours_up_to_depth_three()
    {
        var client = await factory.CreateClientAsync();
        var a = await CreateNodeAsync(client, "Person", new { name = "Alice", age = 30 });
        var b = await CreateNodeAsync(client, "Person", new { name = "Bob", age = 31 });
        var c = await CreateNodeAsync(client, "City", new { name = "Oslo" });
        var d = await CreateNodeAsync(client, "Country", new { name = "Norway" });
        await LinkAsync(client, a, b, "KNOWS");
        await LinkAsync(client, b, c, "LIVES_IN");
        await LinkAsync(client, c, d, "IN");

        var found = await client.PostAsJsonAsync("/graph/node/find", new { label = "Person", properties = new { name = "Alice" } });
        var nodes = (await found.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("nodes");
        Assert.Equal(a, Assert.Single(nodes.EnumerateArray()).GetProperty("id").GetInt64());

        var byNumberAsString = await client.PostAsJsonAsync("/graph/node/find", new { label = "Person", properties = new { age = "30" } });
        Assert.Empty((await byNumberAsString.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("nodes").EnumerateArray());

        Assert.Equal([a, b], await NeighbourIdsAsync(client, a, 1));
        Assert.Equal([a, b, c], await NeighbourIdsAsync(client, a, 2));
        Assert.Equal([a, b, c, d], await NeighbourIdsAsync(client, a, 3));
    }

    [Fact]
    public async Task A_created_node_is_201_with_its_properties()
    {
        var client = await factory.CreateClientAsync();
        var response = await client.PostAsJsonAsync("/graph/node", new { label = "Entity", properties = new { name = "entity_1", type = "test" } });
        var node = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("Entity", node.GetProperty("label").GetString());
        Assert.Equal("entity_1", node.GetProperty("properties").GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_relationship_to_a_missing_node_is_404()
    {
        var client = await factory.CreateClientAsync();
        var a = await CreateNodeAsync(client, "Person", new { name = "Lonely" });
        var response = await client.PostAsJsonAsync("/graph/relationship", new { from_id = a, to_id = 999_999, type = "KNOWS" });
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/graph/node/999999/neighbors")).StatusCode);
    }

    [Fact]
    public async Task Ingestion_links_entities_to_a_node_for_the_source_event()
    {
        var client = await factory.CreateClientAsync();
        await client.PostAsJsonAsync("/ingest/", new { id = "graph-event", text = "Tim Berners-Lee invented the World Wide Web at CERN." });
        await Eventually.DoneAsync(client, "graph-event");

        var events = await client.PostAsJsonAsync("/graph/node/find", new { label = "Event", properties = new { event_id = "graph-event" } });
        var eventNode = Assert.Single((await events.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("nodes").EnumerateArray());
        var neighbourhood = await client.GetFromJsonAsync<JsonElement>($"/graph/node/{eventNode.GetProperty("id").GetInt64()}/neighbors?depth=1");
        var names = neighbourhood.GetProperty("nodes").EnumerateArray()
            .Where(n => n.GetProperty("label").GetString() == "Entity")
            .Select(n => n.GetProperty("properties").GetProperty("name").GetString())
            .ToList();
        Assert.Contains("Tim Berners-Lee", names);
        Assert.Contains("CERN", names);
    }

    private static async Task<long> CreateNodeAsync(HttpClient client, string label, object properties)
    {
        var response = await client.PostAsJsonAsync("/graph/node", new { label, properties });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    private static async Task LinkAsync(HttpClient client, long from, long to, string type)
    {
        var response = await client.PostAsJsonAsync("/graph/relationship", new { from_id = from, to_id = to, type, properties = new { since = 2020 } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private static async Task<long[]> NeighbourIdsAsync(HttpClient client, long id, int depth)
    {
        var result = await client.GetFromJsonAsync<JsonElement>($"/graph/node/{id}/neighbors?depth={depth}");
        return result.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("id").GetInt64()).Order().ToArray();
    }
}
