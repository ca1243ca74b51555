using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using RagMemory.Errors;
using RagMemory.Graph;
using RagMemory.Graph.Neo4j;
using RagMemory.Namespaces;

namespace RagMemory.Tests.Engines.Neo4j;

/// <summary>
/// What the Neo4j adapter sends to the Query API, and how it reads the answers, checked against
/// <see cref="Neo4jQueryApiTestDouble"/>: every statement the adapter has, the typing of its parameters, one statement
/// per atomic write, and the reading of each documented response shape.
/// </summary>
public sealed class Neo4jQueryApiWireTests : IDisposable
{
    private static readonly MemoryNamespace Ns = MemoryNamespace.Parse("team-a");
    private readonly Neo4jWire _wire = new();

    private Neo4jQueryApiTestDouble Server => _wire.Server;

    private Neo4jGraphStore Store => _wire.Store;

    public void Dispose() => _wire.Dispose();

    [Fact]
    public async Task A_call_posts_one_statement_to_the_databases_query_endpoint_in_typed_json_with_basic_authentication()
    {
        await Store.CreateNodeAsync(Ns, "Person", new JsonObject { ["name"] = "Ada" });

        var request = Server.Single;
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal(new Uri("http://neo4j.test:7474/db/graphs/query/v2"), request.Uri);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("neo4j:s3cret")), request.Authorization);
        Assert.Equal("application/vnd.neo4j.query", request.ContentType);
        Assert.Equal(["application/vnd.neo4j.query"], request.Accept);
        Assert.Equal(["statement", "parameters"], request.Body.Select(p => p.Key));
    }

    [Fact]
    public async Task A_bearer_token_is_sent_as_bearer_authentication()
    {
        using var wire = new Neo4jWire(new Neo4jOptions { Url = "https://graph.example.org/", Database = "memory", BearerToken = "sso-token" });

        await wire.Store.FindNodesAsync(Ns, "Person", null, 5);

        Assert.Equal("Bearer sso-token", wire.Server.Single.Authorization);
        Assert.Equal(new Uri("https://graph.example.org/db/memory/query/v2"), wire.Server.Single.Uri);
    }

    [Fact]
    public async Task CreateNode_writes_the_checked_label_and_sends_every_value_typed()
    {
        var properties = (JsonObject)JsonNode.Parse("""
            {"count": 1, "ratio": 1.5, "whole": 2.0, "code": "1", "on": true, "tags": ["a", "b"], "nested": {"x": 1}, "nothing": null, "mixed": [1, "a"]}
            """)!;

        var node = await Store.CreateNodeAsync(Ns, "Person", properties);

        var request = Server.Single;
        Assert.Equal("CREATE (n:RagMemoryNode:`Person`) SET n = $properties", request.Statement);
        var stored = request.Parameter("properties");
        Assert.Equal("Map", stored["$type"]!.GetValue<string>());
        var map = stored["_value"]!.AsObject();
        AssertJson(Typed("String", node.Id), map["rm.id"]);
        AssertJson(Typed("String", "team-a"), map["rm.ns"]);
        AssertJson(Typed("String", "Person"), map["rm.label"]);
        AssertJson(Typed("String", properties.ToJsonString()), map["rm.props"]);
        // Natively what Neo4j can hold, each with its exact Cypher type.
        AssertJson(Typed("Integer", "1"), map["count"]);
        AssertJson(Typed("Float", "1.5"), map["ratio"]);
        AssertJson(Typed("Float", "2"), map["whole"]);
        AssertJson(Typed("String", "1"), map["code"]);
        AssertJson(Typed("Boolean", true), map["on"]);
        AssertJson(Typed("List", new JsonArray(Typed("String", "a"), Typed("String", "b"))), map["tags"]);
        // What it cannot hold (maps, null, mixed lists) lives only in the JSON texts.
        Assert.False(map.ContainsKey("nested"));
        Assert.False(map.ContainsKey("nothing"));
        Assert.False(map.ContainsKey("mixed"));
        AssertJson(Typed("String", """{"x":1}"""), map["rm.v.nested"]);
        AssertJson(Typed("String", "null"), map["rm.v.nothing"]);
        AssertJson(Typed("String", "2.0"), map["rm.v.whole"]);
        AssertJson(Typed("String", "\"1\""), map["rm.v.code"]);
        Assert.True(JsonNode.DeepEquals(properties, node.Properties));
    }

    [Fact]
    public async Task CreateNode_gives_each_node_an_id_of_ours()
    {
        var a = await Store.CreateNodeAsync(Ns, "Person", []);
        var b = await Store.CreateNodeAsync(Ns, "Person", []);

        Assert.NotEqual(a.Id, b.Id);
        Assert.Matches("^[0-9a-f]{32}$", a.Id);
        AssertJson(Typed("String", a.Id), Server.Requests[0].Parameter("properties")["_value"]!["rm.id"]);
    }

    [Fact]
    public async Task FindNodes_compares_the_JSON_text_of_each_value_within_the_namespace_and_label()
    {
        Server.ThenRows(["id", "properties"], ["0001", """{"code":1}"""], ["0002", """{"code":1,"more":true}"""]);

        var found = await Store.FindNodesAsync(Ns, "Item", new JsonObject { ["code"] = 1, ["name"] = "1" }, 7);

        var request = Server.Single;
        Assert.Contains("n.`rm.ns` = $ns AND n.`rm.label` = $label", request.Statement, StringComparison.Ordinal);
        Assert.Contains("all(name IN keys($match) WHERE n['rm.v.' + name] = $match[name])", request.Statement, StringComparison.Ordinal);
        Assert.Contains("LIMIT $limit", request.Statement, StringComparison.Ordinal);
        AssertJson(Typed("Map", new JsonObject { ["code"] = Typed("String", "1"), ["name"] = Typed("String", "\"1\"") }), request.Parameter("match"));
        AssertJson(Typed("Integer", "7"), request.Parameter("limit"));
        AssertJson(Typed("String", "Item"), request.Parameter("label"));
        Assert.Equal(["0001", "0002"], found.Select(n => n.Id));
        Assert.All(found, n => Assert.Equal("Item", n.Label));
        Assert.True(JsonNode.DeepEquals(new JsonObject { ["code"] = 1, ["more"] = true }, found[1].Properties));
    }

    [Fact]
    public async Task CountNodes_counts_the_namespace_only()
    {
        Server.ThenRows(["nodes"], [42L]);

        var count = await Store.CountNodesAsync(Ns);

        var request = Server.Single;
        Assert.Equal("MATCH (n:RagMemoryNode) WHERE n.`rm.ns` = $ns RETURN count(n) AS nodes", request.Statement);
        AssertJson(Typed("String", "team-a"), request.Parameter("ns"));
        Assert.Equal(42, count);
    }

    [Fact]
    public async Task FindNodes_without_properties_sends_an_empty_match()
    {
        await Store.FindNodesAsync(Ns, "Item", null, 3);

        AssertJson(Typed("Map", new JsonObject()), Server.Single.Parameter("match"));
    }

    [Fact]
    public async Task CreateRelationship_matches_both_ends_in_the_namespace_and_writes_the_checked_type()
    {
        Server.ThenRows(["id"], ["r1"]);

        var relationship = await Store.CreateRelationshipAsync(Ns, "from-id", "to-id", "WORKED_WITH", new JsonObject { ["since"] = 1833 });

        var request = Server.Single;
        Assert.Contains("MATCH (a:RagMemoryNode {`rm.id`: $fromId})", request.Statement, StringComparison.Ordinal);
        Assert.Contains("MATCH (b:RagMemoryNode {`rm.id`: $toId})", request.Statement, StringComparison.Ordinal);
        Assert.Contains("WHERE a.`rm.ns` = $ns AND b.`rm.ns` = $ns", request.Statement, StringComparison.Ordinal);
        Assert.Contains("CREATE (a)-[r:`WORKED_WITH`]->(b)", request.Statement, StringComparison.Ordinal);
        AssertJson(Typed("String", "from-id"), request.Parameter("fromId"));
        AssertJson(Typed("String", "to-id"), request.Parameter("toId"));
        var stored = request.Parameter("properties")["_value"]!;
        AssertJson(Typed("Integer", "1833"), stored["since"]);
        AssertJson(Typed("String", relationship.Id), stored["rm.id"]);
        Assert.Equal(("from-id", "to-id", "WORKED_WITH"), (relationship.FromId, relationship.ToId, relationship.Type));
    }

    [Fact]
    public async Task CreateRelationship_whose_statement_matched_no_pair_of_nodes_is_not_found()
    {
        await Assert.ThrowsAsync<NotFoundException>(() => Store.CreateRelationshipAsync(Ns, "a", "missing", "KNOWS", []));

        Assert.Single(Server.Requests);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task GetNeighbors_writes_the_checked_depth_into_the_pattern_and_asks_for_one_node_more_than_the_limit(int depth)
    {
        Server.ThenRows(Neighbourhood, Row("start", "Person", 0));

        await Store.GetNeighborsAsync(Ns, "start", depth, 10);

        var request = Server.Single;
        Assert.Contains($"OPTIONAL MATCH path = (start)-[*1..{depth}]-(reached:RagMemoryNode)", request.Statement, StringComparison.Ordinal);
        AssertJson(Typed("Integer", "11"), request.Parameter("take"));
        AssertJson(Typed("String", "start"), request.Parameter("id"));
        AssertJson(Typed("String", "team-a"), request.Parameter("ns"));
    }

    [Fact]
    public async Task GetNeighbors_reads_nodes_by_depth_and_the_relationships_among_those_kept()
    {
        Server.ThenRows(
            Neighbourhood,
            Row("n2", "Leaf", 1, Out("r-dropped", "n3")),
            Row("start", "Hub", 0, Out("r1", "n1"), Out("r2", "n2"), Out("r3", "n3")),
            Row("n1", "Leaf", 1),
            Row("n3", "Leaf", 1));

        var neighbourhood = await Store.GetNeighborsAsync(Ns, "start", 1, 3);

        Assert.True(neighbourhood.Truncated);
        Assert.Equal(["start", "n1", "n2"], neighbourhood.Nodes.Select(n => n.Id));
        Assert.Equal(["Hub", "Leaf", "Leaf"], neighbourhood.Nodes.Select(n => n.Label));
        Assert.Equal(["r1", "r2"], neighbourhood.Relationships.Select(r => r.Id));
        Assert.All(neighbourhood.Relationships, r => Assert.Equal(("start", "HAS"), (r.FromId, r.Type)));
        Assert.Equal(1, neighbourhood.Relationships[0].Properties["w"]!.GetValue<int>());
    }

    [Fact]
    public async Task GetNeighbors_of_a_node_the_statement_did_not_find_is_not_found()
    {
        await Assert.ThrowsAsync<NotFoundException>(() => Store.GetNeighborsAsync(Ns, "missing", 2, 10));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    public async Task GetNeighbors_refuses_a_depth_outside_1_to_3_before_sending_anything(int depth)
    {
        var error = await Assert.ThrowsAsync<InvalidInputException>(() => Store.GetNeighborsAsync(Ns, "start", depth, 10));

        Assert.Equal("depth", error.Field);
        Assert.Empty(Server.Requests);
    }

    [Fact]
    public async Task MergeEventGraph_is_one_statement_that_merges_by_unwinding_the_entities_and_pairs()
    {
        var graph = new ExtractedGraph(["Ada Lovelace", "ADA LOVELACE", "Charles Babbage"], [("Ada Lovelace", "Charles Babbage"), ("ada lovelace", "charles babbage")]);

        await Store.MergeEventGraphAsync(Ns, RecordId.FromString("e1"), graph);

        var request = Server.Single;
        Assert.StartsWith("MERGE (event:RagMemoryNode {`rm.key`: $event.key})", request.Statement, StringComparison.Ordinal);
        Assert.Contains("UNWIND $entities AS entity", request.Statement, StringComparison.Ordinal);
        Assert.Contains("MERGE (e:RagMemoryNode {`rm.key`: entity.key})", request.Statement, StringComparison.Ordinal);
        Assert.Contains("MERGE (event)-[m:MENTIONS]->(e)", request.Statement, StringComparison.Ordinal);
        Assert.Contains("UNWIND $pairs AS pair", request.Statement, StringComparison.Ordinal);
        Assert.Contains("MERGE (a)-[c:CO_OCCURS_WITH]->(b)", request.Statement, StringComparison.Ordinal);
        Assert.DoesNotMatch("(?<!ON )CREATE", request.Statement);
        // Ids and properties are set only when MERGE creates, so a second run leaves the first run's ids.
        Assert.Contains("ON CREATE SET event = $event.properties, event:Event", request.Statement, StringComparison.Ordinal);
        Assert.Contains("ON CREATE SET e = entity.properties, e:Entity", request.Statement, StringComparison.Ordinal);

        var eventParameter = request.Parameter("event")["_value"]!;
        AssertJson(Typed("String", "team-a|Event:\"e1\""), eventParameter["key"]);
        AssertJson(Typed("String", "\"e1\""), eventParameter["properties"]!["_value"]!["rm.v.event_id"]);
        var entities = request.Parameter("entities")["_value"]!.AsArray();
        Assert.Equal(["team-a|Entity:ada lovelace", "team-a|Entity:charles babbage"], entities.Select(e => e!["_value"]!["key"]!["_value"]!.GetValue<string>()));
        AssertJson(Typed("String", "Ada Lovelace"), entities[0]!["_value"]!["properties"]!["_value"]!["name"]);
        var pair = Assert.Single(request.Parameter("pairs")["_value"]!.AsArray())!["_value"]!;
        AssertJson(Typed("String", "team-a|Entity:ada lovelace"), pair["source"]);
        AssertJson(Typed("String", "team-a|Entity:charles babbage"), pair["target"]);
    }

    [Fact]
    public async Task An_integer_event_id_keeps_its_type_in_the_merge_key_and_the_event_node()
    {
        await Store.MergeEventGraphAsync(Ns, RecordId.FromInteger(7), new ExtractedGraph([], []));

        var eventParameter = Server.Single.Parameter("event")["_value"]!;
        AssertJson(Typed("String", "team-a|Event:7"), eventParameter["key"]);
        AssertJson(Typed("Integer", "7"), eventParameter["properties"]!["_value"]!["event_id"]);
    }

    [Fact]
    public async Task DeleteEventGraph_is_one_statement_that_deletes_the_orphaned_entities_with_the_event()
    {
        await Store.DeleteEventGraphAsync(Ns, RecordId.FromString("e1"));

        var request = Server.Single;
        Assert.StartsWith("MATCH (event:RagMemoryNode {`rm.key`: $eventKey})", request.Statement, StringComparison.Ordinal);
        Assert.Contains("NOT EXISTS { MATCH (other:RagMemoryNode)-[:MENTIONS]->(e) WHERE other <> event AND other.`rm.label` = $eventLabel }", request.Statement, StringComparison.Ordinal);
        Assert.Contains("e.`rm.key` IS NOT NULL", request.Statement, StringComparison.Ordinal);
        Assert.Contains("FOREACH (orphan IN orphans | DETACH DELETE orphan)", request.Statement, StringComparison.Ordinal);
        Assert.EndsWith("DETACH DELETE event", request.Statement, StringComparison.Ordinal);
        AssertJson(Typed("String", "team-a|Event:\"e1\""), request.Parameter("eventKey"));
    }

    [Fact]
    public async Task FindEventsMentioning_sends_lower_cased_keys_and_reads_event_ids_of_both_kinds()
    {
        // Stored as JSON text, which may or may not escape what it holds.
        Server.ThenRows(["eventId", "score"], ["7", 1.25], ["\"caf\\u00e9\"", 1], ["\"été\"", 0.25]);

        var mentions = await Store.FindEventsMentioningAsync(Ns, ["ÉMILE Zola", "Ada"], 5);

        var request = Server.Single;
        AssertJson(Typed("List", new JsonArray(Typed("String", "team-a|Entity:émile zola"), Typed("String", "team-a|Entity:ada"))), request.Parameter("keys"));
        AssertJson(Typed("Float", "0.25"), request.Parameter("neighbourWeight"));
        AssertJson(Typed("Integer", "5"), request.Parameter("limit"));
        Assert.Equal([RecordId.FromInteger(7), RecordId.FromString("café"), RecordId.FromString("été")], mentions.Select(m => m.EventId));
        Assert.Equal([1.25, 1.0, 0.25], mentions.Select(m => m.Score));
    }

    [Fact]
    public async Task GetEventKeys_sends_the_node_ids_and_namespace_and_reads_each_nodes_index_keys()
    {
        // Keys are stored as JSON text: a later version's holds the marker, escaped or not.
        Server.ThenRows(["id", "keys"], ["n1", new[] { "\"keeper\"", "\"\\u001f2\\u001f\\\"keeper\\\"\"" }], ["n2", new[] { "7" }]);

        var keys = await Store.GetEventKeysAsync(Ns, ["n1", "n2", "n1"]);

        var request = Server.Single;
        AssertJson(Typed("List", new JsonArray(Typed("String", "n1"), Typed("String", "n2"))), request.Parameter("ids"));
        AssertJson(Typed("String", "team-a"), request.Parameter("ns"));
        Assert.Equal([RecordId.FromString("keeper"), RagMemory.Ingestion.IndexKeys.For(RecordId.FromString("keeper"), 2)], keys["n1"]);
        Assert.Equal([RecordId.FromInteger(7)], keys["n2"]);
    }

    [Fact]
    public async Task GetEventKeys_of_no_nodes_sends_nothing()
    {
        Assert.Empty(await Store.GetEventKeysAsync(Ns, []));

        Assert.Empty(Server.Requests);
    }

    [Fact]
    public async Task FindEventsMentioning_no_names_sends_nothing()
    {
        Assert.Empty(await Store.FindEventsMentioningAsync(Ns, [], 5));

        Assert.Empty(Server.Requests);
    }

    [Fact]
    public async Task No_statement_carries_a_value_a_user_sent()
    {
        var ns = MemoryNamespace.Parse("canary-ns");
        const string value = "canary-value' }) DETACH DELETE n //";
        const string id = "canary-id";
        const string entity = "Canary Entity";
        var properties = new JsonObject { ["canary_name"] = value, ["n"] = 424242 };

        await Store.CreateNodeAsync(ns, "Person", properties);
        await Store.FindNodesAsync(ns, "Person", properties, 10);
        await Assert.ThrowsAsync<NotFoundException>(() => Store.CreateRelationshipAsync(ns, id, id + "2", "KNOWS", properties));
        await Assert.ThrowsAsync<NotFoundException>(() => Store.GetNeighborsAsync(ns, id, 2, 10));
        await Store.MergeEventGraphAsync(ns, RecordId.FromString(value), new ExtractedGraph([entity, value], [(entity, value)]));
        await Store.MergeEventGraphAsync(ns, RecordId.FromInteger(987654321), new ExtractedGraph([entity], []));
        await Store.DeleteEventGraphAsync(ns, RecordId.FromString(value));
        await Store.FindEventsMentioningAsync(ns, [entity, value], 10);

        var canaries = new[] { "canary", "Canary", "424242", "987654321", "DETACH DELETE n //" };
        Assert.Equal(8, Server.Requests.Count);
        Assert.All(Server.Requests, request => Assert.All(canaries, canary => Assert.DoesNotContain(canary, request.Statement, StringComparison.Ordinal)));
        // ...and they all did travel, as parameters.
        var parameters = string.Concat(Server.Requests.Select(r => r.Parameters.ToJsonString()));
        Assert.All(new[] { "canary-ns", "canary_name", "canary-id", "Canary Entity", "424242", "987654321" }, canary => Assert.Contains(canary, parameters, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_schema_makes_our_ids_and_merge_keys_unique_and_indexes_namespace_and_label_if_not_there()
    {
        await new Neo4jSchema(_wire.Client, TimeProvider.System, NullLogger<Neo4jSchema>.Instance).EnsureAsync(CancellationToken.None);

        Assert.Equal(
            [
                "CREATE CONSTRAINT ragmemory_node_id IF NOT EXISTS FOR (n:RagMemoryNode) REQUIRE n.`rm.id` IS UNIQUE",
                "CREATE CONSTRAINT ragmemory_node_merge_key IF NOT EXISTS FOR (n:RagMemoryNode) REQUIRE n.`rm.key` IS UNIQUE",
                "CREATE INDEX ragmemory_node_namespace_label IF NOT EXISTS FOR (n:RagMemoryNode) ON (n.`rm.ns`, n.`rm.label`)",
            ],
            Server.Requests.Select(r => r.Statement));
    }

    [Fact]
    public async Task The_schema_is_created_at_start_and_tried_again_while_Neo4j_is_not_up()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        Server.ThenThrow(new HttpRequestException("connection refused"));
        using var schema = new Neo4jSchema(_wire.Client, time, NullLogger<Neo4jSchema>.Instance);

        await schema.StartAsync(CancellationToken.None);
        await WaitForAsync(() => Server.Requests.Count == 1);
        time.Advance(TimeSpan.FromSeconds(10));
        await WaitForAsync(() => Server.Requests.Count == 4);
        await schema.ExecuteTask!;

        Assert.Equal(4, Server.Requests.Count);
        Assert.All(Server.Requests, r => Assert.StartsWith("CREATE ", r.Statement, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Describe_reads_the_version_and_sizes_and_names_the_server_without_credentials()
    {
        Server.ThenRows(["version", "edition", "nodes", "relationships"], ["5.26.2", "community", 12L, 30L]);

        var description = await Store.DescribeAsync();

        Assert.Contains("CALL dbms.components()", Server.Single.Statement, StringComparison.Ordinal);
        Assert.Equal(("Neo4j community", "5.26.2", "http://neo4j.test:7474/db/graphs"), (description.Engine, description.Version, description.Location));
        Assert.Equal([("nodes", 12L), ("relationships", 30L)], description.Sizes.Select(s => (s.What, s.Amount)));
        Assert.DoesNotContain("s3cret", description.Location!, StringComparison.Ordinal);
    }

    private static readonly string[] Neighbourhood = ["id", "label", "properties", "depth", "outgoing"];

    private static object?[] Row(string id, string label, long depth, params Dictionary<string, object?>[] outgoing) =>
        [id, label, $$"""{"id":"{{id}}"}""", depth, outgoing];

    private static Dictionary<string, object?> Out(string id, string to) =>
        new() { ["id"] = id, ["to"] = to, ["type"] = "HAS", ["properties"] = """{"w":1}""" };

    private static JsonObject Typed(string type, JsonNode? value) => new() { ["$type"] = type, ["_value"] = value };

    private static void AssertJson(JsonNode expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(expected, actual), $"expected {expected.ToJsonString()}, got {actual?.ToJsonString() ?? "nothing"}");

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }
}
