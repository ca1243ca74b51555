using System.Globalization;
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
        Assert.Equal(a, Assert.Single(nodes.EnumerateArray()).GetProperty("id").GetString());

        var byNumberAsString = await client.PostAsJsonAsync("/graph/node/find", new { label = "Person", properties = new { age = "30" } });
        Assert.Empty((await byNumberAsString.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("nodes").EnumerateArray());

        Assert.Equal(Sorted(a, b), await NeighbourIdsAsync(client, a, 1));
        Assert.Equal(Sorted(a, b, c), await NeighbourIdsAsync(client, a, 2));
        Assert.Equal(Sorted(a, b, c, d), await NeighbourIdsAsync(client, a, 3));
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
    public async Task Ids_are_json_strings_and_a_relationship_takes_them_as_strings_or_as_the_integers_clients_sent_before()
    {
        var client = await factory.CreateClientAsync();
        var a = await CreateNodeAsync(client, "Person", new { name = "Ida" });
        var b = await CreateNodeAsync(client, "Person", new { name = "Jon" });

        var asIntegers = await client.PostAsJsonAsync("/graph/relationship", new { from_id = long.Parse(a, CultureInfo.InvariantCulture), to_id = long.Parse(b, CultureInfo.InvariantCulture), type = "KNOWS" });
        var asStrings = await client.PostAsJsonAsync("/graph/relationship", new { from_id = b, to_id = a, type = "KNOWS" });

        Assert.Equal(HttpStatusCode.Created, asIntegers.StatusCode);
        Assert.Equal(HttpStatusCode.Created, asStrings.StatusCode);
        var relationship = await asIntegers.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(JsonValueKind.String, relationship.GetProperty("id").ValueKind);
        Assert.Equal((a, b), (relationship.GetProperty("from_id").GetString(), relationship.GetProperty("to_id").GetString()));
        var neighbourhood = await client.GetFromJsonAsync<JsonElement>($"/graph/node/{a}/neighbors");
        Assert.Equal(2, neighbourhood.GetProperty("relationships").GetArrayLength());
    }

    [Theory]
    [InlineData("/graph/node/not-a-node/neighbors")]
    [InlineData("/graph/node/0042/neighbors")]
    [InlineData("/graph/node/99999999999999999999999/neighbors")]
    public async Task Neighbours_of_an_id_no_node_has_is_404(string route)
    {
        var client = await factory.CreateClientAsync();
        await CreateNodeAsync(client, "Person", new { name = "Somebody" });

        var response = await client.GetAsync(route);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("""{"to_id":"1","type":"KNOWS"}""", "from_id")]
    [InlineData("""{"from_id":"1","to_id":true,"type":"KNOWS"}""", "to_id")]
    [InlineData("""{"from_id":1.5,"to_id":"1","type":"KNOWS"}""", "from_id")]
    public async Task A_relationship_without_a_usable_node_id_is_a_400_naming_the_field(string json, string field)
    {
        var client = await factory.CreateClientAsync();

        var response = await client.PostAsync("/graph/relationship", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors should name '{field}': {problem}");
    }

    [Fact]
    public async Task A_relationship_to_a_missing_node_is_404()
    {
        var client = await factory.CreateClientAsync();
        var a = await CreateNodeAsync(client, "Person", new { name = "Lonely" });
        // An integer, as clients sent ids before they were strings.
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
        var neighbourhood = await client.GetFromJsonAsync<JsonElement>($"/graph/node/{eventNode.GetProperty("id").GetString()}/neighbors?depth=1");
        var names = neighbourhood.GetProperty("nodes").EnumerateArray()
            .Where(n => n.GetProperty("label").GetString() == "Entity")
            .Select(n => n.GetProperty("properties").GetProperty("name").GetString())
            .ToList();
        Assert.Contains("Tim Berners-Lee", names);
        Assert.Contains("CERN", names);
    }

    private static async Task<string> CreateNodeAsync(HttpClient client, string label, object properties)
    {
        var response = await client.PostAsJsonAsync("/graph/node", new { label, properties });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private static async Task LinkAsync(HttpClient client, string from, string to, string type)
    {
        var response = await client.PostAsJsonAsync("/graph/relationship", new { from_id = from, to_id = to, type, properties = new { since = 2020 } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private static async Task<string[]> NeighbourIdsAsync(HttpClient client, string id, int depth)
    {
        var result = await client.GetFromJsonAsync<JsonElement>($"/graph/node/{id}/neighbors?depth={depth}");
        return [.. result.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("id").GetString()!).Order(StringComparer.Ordinal)];
    }

    private static string[] Sorted(params string[] ids) => [.. ids.Order(StringComparer.Ordinal)];
}
