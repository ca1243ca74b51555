using System.Text.Json.Nodes;
using RagMemory.Errors;
using RagMemory.Graph;
using RagMemory.Namespaces;

namespace RagMemory.Tests.Engines.Contracts;

/// <summary>
/// What every <see cref="IGraphStore"/> adapter must do. A subclass creates a fresh, empty graph for each test:
/// SQLite tables, or a real Neo4j. The cases are skippable so that a subclass whose engine is not reachable here reports
/// them SKIPPED with its reason (<see cref="RequiresServerAttribute"/> on the adapter's test class) rather than passing them unseen.
/// </summary>
public abstract class GraphStoreContract : IAsyncLifetime
{
    private IGraphStore? _graph;

    /// <summary>The namespace the cases write and read; <see cref="Other"/> is the one they must never see.</summary>
    private static readonly MemoryNamespace Ns = MemoryNamespace.Default;

    private static readonly MemoryNamespace Other = MemoryNamespace.Parse("other-team");

    /// <summary>An id no adapter makes: ids are opaque, so the contract never does arithmetic on them.</summary>
    private const string MissingId = "no-such-node";

    protected IGraphStore Graph => _graph ?? throw new InvalidOperationException("The graph is created in InitializeAsync.");

    protected abstract Task<IGraphStore> CreateGraphAsync();

    protected abstract Task DeleteGraphAsync(IGraphStore graph);

    public async Task InitializeAsync() => _graph = await CreateGraphAsync();

    public async Task DisposeAsync()
    {
        if (_graph is not null)
        {
            await DeleteGraphAsync(_graph);
        }
    }

    [ContractTheory]
    [InlineData("Person")]
    [InlineData("_private")]
    [InlineData("A")]
    [InlineData("Node_2")]
    [InlineData("L234567890123456789012345678901234567890123456789012345678901234")]
    public async Task CreateNode_accepts_a_label_matching_the_name_rule(string label)
    {
        var node = await Graph.CreateNodeAsync(Ns, label, []);

        Assert.Equal(label, node.Label);
        Assert.Single(await Graph.FindNodesAsync(Ns, label, null, 10));
    }

    [ContractTheory]
    [InlineData("")]
    [InlineData("1Person")]
    [InlineData("has space")]
    [InlineData("dash-ed")]
    [InlineData("Person`) DETACH DELETE n //")]
    [InlineData("L2345678901234567890123456789012345678901234567890123456789012345")]
    [InlineData("Événement")]
    public async Task CreateNode_refuses_a_label_breaking_the_name_rule_naming_label(string label)
    {
        var error = await Assert.ThrowsAsync<InvalidInputException>(() => Graph.CreateNodeAsync(Ns, label, []));

        Assert.Equal("label", error.Field);
    }

    [ContractFact]
    public async Task FindNodes_refuses_a_label_breaking_the_name_rule()
    {
        var error = await Assert.ThrowsAsync<InvalidInputException>(() => Graph.FindNodesAsync(Ns, "bad label", null, 10));

        Assert.Equal("label", error.Field);
    }

    [ContractTheory]
    [InlineData("bad name")]
    [InlineData("$.x")]
    [InlineData("a') OR 1=1 --")]
    public async Task CreateNode_and_FindNodes_refuse_a_property_name_breaking_the_name_rule(string name)
    {
        var create = await Assert.ThrowsAsync<InvalidInputException>(() => Graph.CreateNodeAsync(Ns, "Thing", new JsonObject { [name] = 1 }));
        var find = await Assert.ThrowsAsync<InvalidInputException>(() => Graph.FindNodesAsync(Ns, "Thing", new JsonObject { [name] = 1 }, 10));

        Assert.Equal("properties", create.Field);
        Assert.Equal("properties", find.Field);
    }

    [ContractTheory]
    [InlineData("")]
    [InlineData("KNOWS WELL")]
    [InlineData("9LIVES")]
    [InlineData("WORKS-FOR")]
    public async Task CreateRelationship_refuses_a_type_breaking_the_name_rule_naming_type(string type)
    {
        var a = await Graph.CreateNodeAsync(Ns, "Person", []);
        var b = await Graph.CreateNodeAsync(Ns, "Person", []);

        var error = await Assert.ThrowsAsync<InvalidInputException>(() => Graph.CreateRelationshipAsync(Ns, a.Id, b.Id, type, []));

        Assert.Equal("type", error.Field);
    }

    [ContractFact]
    public async Task GetEventKeys_names_the_index_keys_an_ingested_node_stands_for_and_leaves_clients_nodes_out()
    {
        var (v1, v2) = (RecordId.FromString("doc"), RagMemory.Ingestion.IndexKeys.For(RecordId.FromString("doc"), 2));
        await Graph.MergeEventGraphAsync(Ns, v1, new ExtractedGraph(["Ada Lovelace", "Babbage"], []));
        await Graph.MergeEventGraphAsync(Ns, v2, new ExtractedGraph(["Ada Lovelace", "Menabrea"], []));
        var client = await Graph.CreateNodeAsync(Ns, "Entity", new JsonObject { ["name"] = "Babbage" });
        var ada = Assert.Single(await Graph.FindNodesAsync(Ns, "Entity", new JsonObject { ["name"] = "Ada Lovelace" }, 10));
        var menabrea = Assert.Single(await Graph.FindNodesAsync(Ns, "Entity", new JsonObject { ["name"] = "Menabrea" }, 10));
        var events = await Graph.FindNodesAsync(Ns, "Event", null, 10);

        var keys = await Graph.GetEventKeysAsync(Ns, [ada.Id, menabrea.Id, client.Id, "no-such-node", .. events.Select(e => e.Id)]);

        Assert.Equal(new HashSet<RecordId> { v1, v2 }, keys[ada.Id].ToHashSet());
        Assert.Equal([v2], keys[menabrea.Id]);
        Assert.Equal(new HashSet<RecordId> { v1, v2 }, events.Select(e => Assert.Single(keys[e.Id])).ToHashSet());
        Assert.False(keys.ContainsKey(client.Id));
        Assert.False(keys.ContainsKey("no-such-node"));
        Assert.Empty(await Graph.GetEventKeysAsync(MemoryNamespace.Parse("elsewhere"), [ada.Id]));
    }

    [ContractFact]
    public async Task CreateNode_returns_the_node_with_its_properties()
    {
        var properties = new JsonObject { ["name"] = "Ada", ["born"] = 1815, ["tags"] = new JsonArray("maths") };

        var node = await Graph.CreateNodeAsync(Ns, "Person", properties);

        Assert.Equal("Person", node.Label);
        Assert.True(JsonNode.DeepEquals(properties, node.Properties));
    }

    [ContractFact]
    public async Task FindNodes_matches_label_and_every_given_property()
    {
        var ada = await Graph.CreateNodeAsync(Ns, "Person", new JsonObject { ["name"] = "Ada", ["born"] = 1815 });
        await Graph.CreateNodeAsync(Ns, "Person", new JsonObject { ["name"] = "Ada", ["born"] = 1900 });
        await Graph.CreateNodeAsync(Ns, "Person", new JsonObject { ["name"] = "Charles", ["born"] = 1815 });
        await Graph.CreateNodeAsync(Ns, "City", new JsonObject { ["name"] = "Ada", ["born"] = 1815 });

        var found = await Graph.FindNodesAsync(Ns, "Person", new JsonObject { ["name"] = "Ada", ["born"] = 1815 }, 10);

        Assert.Equal(ada.Id, Assert.Single(found).Id);
    }

    [ContractFact]
    public async Task FindNodes_without_properties_returns_every_node_of_the_label()
    {
        await Graph.CreateNodeAsync(Ns, "Person", new JsonObject { ["name"] = "Ada" });
        await Graph.CreateNodeAsync(Ns, "Person", new JsonObject { ["name"] = "Charles" });
        await Graph.CreateNodeAsync(Ns, "City", new JsonObject { ["name"] = "London" });

        Assert.Equal(2, (await Graph.FindNodesAsync(Ns, "Person", null, 10)).Count);
        Assert.Equal(2, (await Graph.FindNodesAsync(Ns, "Person", [], 10)).Count);
    }

    [ContractFact]
    public async Task FindNodes_keeps_the_number_1_and_the_string_1_apart()
    {
        var number = await Graph.CreateNodeAsync(Ns, "Item", new JsonObject { ["code"] = 1 });
        var text = await Graph.CreateNodeAsync(Ns, "Item", new JsonObject { ["code"] = "1" });

        Assert.Equal(number.Id, Assert.Single(await Graph.FindNodesAsync(Ns, "Item", new JsonObject { ["code"] = 1 }, 10)).Id);
        Assert.Equal(text.Id, Assert.Single(await Graph.FindNodesAsync(Ns, "Item", new JsonObject { ["code"] = "1" }, 10)).Id);
    }

    [ContractFact]
    public async Task FindNodes_matches_string_values_holding_non_ascii_characters_and_quotes()
    {
        var node = await Graph.CreateNodeAsync(Ns, "Person", new JsonObject { ["name"] = "Émile \"Zola\" <ж>" });
        await Graph.CreateNodeAsync(Ns, "Person", new JsonObject { ["name"] = "Emile Zola" });

        var found = await Graph.FindNodesAsync(Ns, "Person", new JsonObject { ["name"] = "Émile \"Zola\" <ж>" }, 10);

        Assert.Equal(node.Id, Assert.Single(found).Id);
    }

    [ContractFact]
    public async Task FindNodes_keeps_true_and_the_string_true_apart()
    {
        var boolean = await Graph.CreateNodeAsync(Ns, "Flag", new JsonObject { ["on"] = true });
        await Graph.CreateNodeAsync(Ns, "Flag", new JsonObject { ["on"] = "true" });

        Assert.Equal(boolean.Id, Assert.Single(await Graph.FindNodesAsync(Ns, "Flag", new JsonObject { ["on"] = true }, 10)).Id);
    }

    [ContractFact]
    public async Task FindNodes_returns_at_most_limit_nodes()
    {
        for (var i = 0; i < 5; i++)
        {
            await Graph.CreateNodeAsync(Ns, "Many", new JsonObject { ["i"] = i });
        }

        Assert.Equal(3, (await Graph.FindNodesAsync(Ns, "Many", null, 3)).Count);
    }

    [ContractFact]
    public async Task CreateRelationship_links_two_nodes()
    {
        var a = await Graph.CreateNodeAsync(Ns, "Person", new JsonObject { ["name"] = "Ada" });
        var b = await Graph.CreateNodeAsync(Ns, "Person", new JsonObject { ["name"] = "Charles" });

        var relationship = await Graph.CreateRelationshipAsync(Ns, a.Id, b.Id, "WORKED_WITH", new JsonObject { ["since"] = 1833 });

        Assert.Equal((a.Id, b.Id, "WORKED_WITH"), (relationship.FromId, relationship.ToId, relationship.Type));
        Assert.Equal(1833, relationship.Properties["since"]!.GetValue<int>());
        var neighborhood = await Graph.GetNeighborsAsync(Ns, a.Id, 1, 10);
        Assert.Equal(relationship.Id, Assert.Single(neighborhood.Relationships).Id);
    }

    [ContractFact]
    public async Task CreateRelationship_to_a_missing_node_throws_NotFoundException()
    {
        var a = await Graph.CreateNodeAsync(Ns, "Person", []);

        await Assert.ThrowsAsync<NotFoundException>(() => Graph.CreateRelationshipAsync(Ns, a.Id, MissingId, "KNOWS", []));
        await Assert.ThrowsAsync<NotFoundException>(() => Graph.CreateRelationshipAsync(Ns, MissingId, a.Id, "KNOWS", []));
        Assert.Empty((await Graph.GetNeighborsAsync(Ns, a.Id, 1, 10)).Relationships);
    }

    [ContractTheory]
    [InlineData(1, new[] { "a", "b" })]
    [InlineData(2, new[] { "a", "b", "c" })]
    [InlineData(3, new[] { "a", "b", "c", "d" })]
    public async Task GetNeighbors_returns_nodes_up_to_the_depth_and_no_further(int depth, string[] expected)
    {
        var chain = await ChainAsync("a", "b", "c", "d", "e");

        var neighborhood = await Graph.GetNeighborsAsync(Ns, chain["a"], depth, 50);

        Assert.Equal(expected, neighborhood.Nodes.Select(n => n.Properties["name"]!.GetValue<string>()).Order());
        Assert.Equal(depth, neighborhood.Relationships.Count);
        Assert.False(neighborhood.Truncated);
    }

    [ContractFact]
    public async Task GetNeighbors_follows_relationships_in_both_directions()
    {
        var chain = await ChainAsync("a", "b", "c");

        var neighborhood = await Graph.GetNeighborsAsync(Ns, chain["b"], 1, 50);

        Assert.Equal(["a", "b", "c"], neighborhood.Nodes.Select(n => n.Properties["name"]!.GetValue<string>()).Order());
    }

    [ContractTheory]
    [InlineData(0)]
    [InlineData(4)]
    [InlineData(-1)]
    public async Task GetNeighbors_refuses_a_depth_outside_1_to_3_naming_depth(int depth)
    {
        var a = await Graph.CreateNodeAsync(Ns, "Person", []);

        var error = await Assert.ThrowsAsync<InvalidInputException>(() => Graph.GetNeighborsAsync(Ns, a.Id, depth, 10));

        Assert.Equal("depth", error.Field);
    }

    [ContractFact]
    public async Task GetNeighbors_of_an_unknown_node_throws_NotFoundException()
    {
        var a = await Graph.CreateNodeAsync(Ns, "Person", []);

        await Assert.ThrowsAsync<NotFoundException>(() => Graph.GetNeighborsAsync(Ns, MissingId, 1, 10));
    }

    [ContractFact]
    public async Task GetNeighbors_reports_truncation_when_more_nodes_than_the_limit_are_in_reach()
    {
        var hub = await Graph.CreateNodeAsync(Ns, "Hub", []);
        for (var i = 0; i < 5; i++)
        {
            var leaf = await Graph.CreateNodeAsync(Ns, "Leaf", new JsonObject { ["i"] = i });
            await Graph.CreateRelationshipAsync(Ns, hub.Id, leaf.Id, "HAS", []);
        }

        var neighborhood = await Graph.GetNeighborsAsync(Ns, hub.Id, 1, 3);

        Assert.True(neighborhood.Truncated);
        Assert.Equal(3, neighborhood.Nodes.Count);
        Assert.All(neighborhood.Relationships, r => Assert.Contains(neighborhood.Nodes, n => n.Id == r.ToId));
    }

    [ContractFact]
    public async Task MergeEventGraph_twice_leaves_one_copy_of_every_node_and_relationship()
    {
        var eventId = RecordId.FromString("e1");
        var graph = new ExtractedGraph(["Ada Lovelace", "Charles Babbage"], [("Ada Lovelace", "Charles Babbage")]);

        await Graph.MergeEventGraphAsync(Ns, eventId, graph);
        var first = await EventNeighborhoodAsync(eventId);
        await Graph.MergeEventGraphAsync(Ns, eventId, graph);
        var second = await EventNeighborhoodAsync(eventId);

        Assert.Single(await Graph.FindNodesAsync(Ns, GraphNames.EntityLabel, new JsonObject { ["name"] = "Ada Lovelace" }, 10));
        Assert.Single(await Graph.FindNodesAsync(Ns, GraphNames.EventLabel, new JsonObject { ["event_id"] = "e1" }, 10));
        Assert.Equal(3, second.Nodes.Count);
        Assert.Equal(first.Relationships.Select(r => r.Id).Order(), second.Relationships.Select(r => r.Id).Order());
        Assert.Equal(2, second.Relationships.Count(r => r.Type == GraphNames.Mentions));
        Assert.Single(second.Relationships, r => r.Type == GraphNames.CoOccursWith);
    }

    [ContractFact]
    public async Task MergeEventGraph_shares_one_entity_node_between_events_that_name_it()
    {
        await Graph.MergeEventGraphAsync(Ns, RecordId.FromString("e1"), new ExtractedGraph(["Ada Lovelace"], []));
        await Graph.MergeEventGraphAsync(Ns, RecordId.FromString("e2"), new ExtractedGraph(["Ada Lovelace"], []));

        var ada = Assert.Single(await Graph.FindNodesAsync(Ns, GraphNames.EntityLabel, new JsonObject { ["name"] = "Ada Lovelace" }, 10));
        var neighborhood = await Graph.GetNeighborsAsync(Ns, ada.Id, 1, 10);
        Assert.Equal(2, neighborhood.Nodes.Count(n => n.Label == GraphNames.EventLabel));
    }

    [ContractFact]
    public async Task FindEventsMentioning_matches_entity_names_whatever_their_case()
    {
        await Graph.MergeEventGraphAsync(Ns, RecordId.FromString("e1"), new ExtractedGraph(["Ada Lovelace"], []));
        await Graph.MergeEventGraphAsync(Ns, RecordId.FromString("e2"), new ExtractedGraph(["Alan Turing"], []));

        var mentions = await Graph.FindEventsMentioningAsync(Ns, ["ADA lovelace"], 10);

        Assert.Equal(RecordId.FromString("e1"), Assert.Single(mentions).EventId);
    }

    [ContractTheory]
    [InlineData("Émile Zola")]
    [InlineData("ÉMILE ZOLA")]
    [InlineData("émile zola")]
    public async Task FindEventsMentioning_matches_names_with_non_ascii_capitals_whatever_their_case(string query)
    {
        await Graph.MergeEventGraphAsync(Ns, RecordId.FromString("e1"), new ExtractedGraph(["Émile Zola"], []));

        var mentions = await Graph.FindEventsMentioningAsync(Ns, [query], 10);

        Assert.Equal(RecordId.FromString("e1"), Assert.Single(mentions).EventId);
    }

    [ContractFact]
    public async Task FindEventsMentioning_ranks_events_naming_more_of_the_entities_first()
    {
        await Graph.MergeEventGraphAsync(Ns, RecordId.FromString("one"), new ExtractedGraph(["Ada Lovelace"], []));
        await Graph.MergeEventGraphAsync(Ns, RecordId.FromString("both"), new ExtractedGraph(["Ada Lovelace", "Analytical Engine"], []));

        var mentions = await Graph.FindEventsMentioningAsync(Ns, ["Ada Lovelace", "Analytical Engine"], 10);

        Assert.Equal(["both", "one"], mentions.Select(m => m.EventId.ToString()));
        Assert.True(mentions[0].Score > mentions[1].Score);
    }

    [ContractFact]
    public async Task FindEventsMentioning_reaches_events_of_co_occurring_entities_with_a_lower_score()
    {
        await Graph.MergeEventGraphAsync(Ns, RecordId.FromString("direct"), new ExtractedGraph(["Ada Lovelace", "Charles Babbage"], [("Ada Lovelace", "Charles Babbage")]));
        await Graph.MergeEventGraphAsync(Ns, RecordId.FromString("via-babbage"), new ExtractedGraph(["Charles Babbage"], []));
        await Graph.MergeEventGraphAsync(Ns, RecordId.FromString("unrelated"), new ExtractedGraph(["Marie Curie"], []));

        var mentions = await Graph.FindEventsMentioningAsync(Ns, ["Ada Lovelace"], 10);

        Assert.Equal(["direct", "via-babbage"], mentions.Select(m => m.EventId.ToString()));
        Assert.True(mentions[0].Score > mentions[1].Score);
        Assert.True(mentions[1].Score > 0);
    }

    [ContractFact]
    public async Task FindEventsMentioning_counts_a_rarely_mentioned_entity_more_than_a_common_one()
    {
        foreach (var id in new[] { "common-1", "common-2", "common-3" })
        {
            await Graph.MergeEventGraphAsync(Ns, RecordId.FromString(id), new ExtractedGraph([], [], ["boundary layer"]));
        }

        await Graph.MergeEventGraphAsync(Ns, RecordId.FromString("rare"), new ExtractedGraph([], [], ["shock tube"]));

        var mentions = await Graph.FindEventsMentioningAsync(Ns, ["boundary layer", "shock tube"], 10);

        Assert.Equal("rare", mentions[0].EventId.ToString());
        Assert.Equal(4, mentions.Count);
        Assert.True(mentions[0].Score > mentions[1].Score, $"rare {mentions[0].Score}, common {mentions[1].Score}");
    }

    [ContractFact]
    public async Task MergeEventGraph_links_phrases_to_the_event_without_pairing_them()
    {
        await Graph.MergeEventGraphAsync(Ns, RecordId.FromString("e1"), new ExtractedGraph([], [], ["boundary layer", "heat transfer"]));
        await Graph.MergeEventGraphAsync(Ns, RecordId.FromString("e2"), new ExtractedGraph([], [], ["heat transfer"]));

        var phrase = Assert.Single(await Graph.FindNodesAsync(Ns, GraphNames.EntityLabel, new JsonObject { ["name"] = "boundary layer" }, 10));
        var neighborhood = await Graph.GetNeighborsAsync(Ns, phrase.Id, 1, 10);
        Assert.Equal(["Event"], neighborhood.Nodes.Where(n => n.Id != phrase.Id).Select(n => n.Label));
        Assert.Equal(["e1", "e2"], (await Graph.FindEventsMentioningAsync(Ns, ["heat transfer"], 10)).Select(m => m.EventId.ToString()).Order(StringComparer.Ordinal));
    }

    [ContractFact]
    public async Task FindEventsMentioning_returns_event_ids_unchanged()
    {
        var integer = RecordId.FromInteger(7);
        var text = RecordId.FromString("café <7> \"q\"");
        await Graph.MergeEventGraphAsync(Ns, integer, new ExtractedGraph(["Grace Hopper"], []));
        await Graph.MergeEventGraphAsync(Ns, text, new ExtractedGraph(["Grace Hopper"], []));

        var mentions = await Graph.FindEventsMentioningAsync(Ns, ["Grace Hopper"], 10);

        Assert.Equal(new[] { integer, text }.OrderBy(i => i.Json, StringComparer.Ordinal), mentions.Select(m => m.EventId).OrderBy(i => i.Json, StringComparer.Ordinal));
    }

    [ContractFact]
    public async Task FindEventsMentioning_no_names_finds_nothing()
    {
        await Graph.MergeEventGraphAsync(Ns, RecordId.FromString("e1"), new ExtractedGraph(["Ada Lovelace"], []));

        Assert.Empty(await Graph.FindEventsMentioningAsync(Ns, [], 10));
        Assert.Empty(await Graph.FindEventsMentioningAsync(Ns, ["Nobody Known"], 10));
    }

    [ContractFact]
    public async Task Ids_are_strings_that_name_the_same_node_when_handed_back()
    {
        var a = await Graph.CreateNodeAsync(Ns, "Person", new JsonObject { ["name"] = "Ada" });
        var b = await Graph.CreateNodeAsync(Ns, "Person", new JsonObject { ["name"] = "Charles" });

        var relationship = await Graph.CreateRelationshipAsync(Ns, a.Id, b.Id, "KNOWS", []);

        Assert.False(string.IsNullOrEmpty(a.Id));
        Assert.NotEqual(a.Id, b.Id);
        Assert.Equal((a.Id, b.Id), (relationship.FromId, relationship.ToId));
        Assert.Equal(a.Id, Assert.Single(await Graph.FindNodesAsync(Ns, "Person", new JsonObject { ["name"] = "Ada" }, 10)).Id);
        var neighborhood = await Graph.GetNeighborsAsync(Ns, b.Id, 1, 10);
        Assert.Equal([a.Id, b.Id], neighborhood.Nodes.Select(n => n.Id).Order(StringComparer.Ordinal));
        Assert.Equal(relationship.Id, Assert.Single(neighborhood.Relationships).Id);
    }

    [ContractTheory]
    [InlineData("0{0}")]
    [InlineData(" {0}")]
    [InlineData("{0} ")]
    [InlineData("{0}.0")]
    [InlineData("{0}{0}")]
    [InlineData("")]
    [InlineData("99999999999999999999999")]
    [InlineData("Person`) DETACH DELETE n //")]
    public async Task An_id_the_store_never_made_is_not_found_however_close_to_one_it_is(string pattern)
    {
        var a = await Graph.CreateNodeAsync(Ns, "Person", []);
        var id = string.Format(System.Globalization.CultureInfo.InvariantCulture, pattern, a.Id);

        await Assert.ThrowsAsync<NotFoundException>(() => Graph.GetNeighborsAsync(Ns, id, 1, 10));
        await Assert.ThrowsAsync<NotFoundException>(() => Graph.CreateRelationshipAsync(Ns, a.Id, id, "KNOWS", []));
    }

    [ContractFact]
    public async Task FindNodes_never_returns_the_nodes_of_another_namespace()
    {
        var mine = await Graph.CreateNodeAsync(Ns, "Person", new JsonObject { ["name"] = "Ada" });
        var theirs = await Graph.CreateNodeAsync(Other, "Person", new JsonObject { ["name"] = "Ada" });

        Assert.Equal(mine.Id, Assert.Single(await Graph.FindNodesAsync(Ns, "Person", new JsonObject { ["name"] = "Ada" }, 10)).Id);
        Assert.Equal(theirs.Id, Assert.Single(await Graph.FindNodesAsync(Other, "Person", null, 10)).Id);
    }

    [ContractFact]
    public async Task A_node_of_another_namespace_is_not_found_by_id()
    {
        var mine = await Graph.CreateNodeAsync(Ns, "Person", []);
        var theirs = await Graph.CreateNodeAsync(Other, "Person", []);

        await Assert.ThrowsAsync<NotFoundException>(() => Graph.GetNeighborsAsync(Ns, theirs.Id, 1, 10));
        await Assert.ThrowsAsync<NotFoundException>(() => Graph.CreateRelationshipAsync(Ns, mine.Id, theirs.Id, "KNOWS", []));
        await Assert.ThrowsAsync<NotFoundException>(() => Graph.CreateRelationshipAsync(Other, mine.Id, theirs.Id, "KNOWS", []));
        Assert.Empty((await Graph.GetNeighborsAsync(Ns, mine.Id, 1, 10)).Relationships);
    }

    [ContractFact]
    public async Task MergeEventGraph_keeps_entities_and_mentions_apart_per_namespace()
    {
        await Graph.MergeEventGraphAsync(Ns, RecordId.FromString("e1"), new ExtractedGraph(["Ada Lovelace"], []));
        await Graph.MergeEventGraphAsync(Other, RecordId.FromString("e1"), new ExtractedGraph(["Ada Lovelace"], []));
        await Graph.MergeEventGraphAsync(Other, RecordId.FromString("e2"), new ExtractedGraph(["Ada Lovelace"], []));

        var ada = Assert.Single(await Graph.FindNodesAsync(Ns, GraphNames.EntityLabel, new JsonObject { ["name"] = "Ada Lovelace" }, 10));
        var theirAda = Assert.Single(await Graph.FindNodesAsync(Other, GraphNames.EntityLabel, new JsonObject { ["name"] = "Ada Lovelace" }, 10));
        Assert.NotEqual(ada.Id, theirAda.Id);
        Assert.Single((await Graph.GetNeighborsAsync(Ns, ada.Id, 1, 10)).Nodes, n => n.Label == GraphNames.EventLabel);
        Assert.Equal(["e1"], (await Graph.FindEventsMentioningAsync(Ns, ["Ada Lovelace"], 10)).Select(m => m.EventId.ToString()));
        Assert.Equal(["e1", "e2"], (await Graph.FindEventsMentioningAsync(Other, ["Ada Lovelace"], 10)).Select(m => m.EventId.ToString()).Order(StringComparer.Ordinal));
    }

    [ContractFact]
    public async Task DeleteEventGraph_removes_the_event_and_the_entities_no_other_event_mentions()
    {
        await Graph.MergeEventGraphAsync(Ns, RecordId.FromString("e1"), new ExtractedGraph(["Ada Lovelace", "Charles Babbage"], [("Ada Lovelace", "Charles Babbage")]));
        await Graph.MergeEventGraphAsync(Ns, RecordId.FromString("e2"), new ExtractedGraph(["Ada Lovelace"], []));

        await Graph.DeleteEventGraphAsync(Ns, RecordId.FromString("e1"));

        Assert.Empty(await Graph.FindNodesAsync(Ns, GraphNames.EventLabel, new JsonObject { ["event_id"] = "e1" }, 10));
        Assert.Empty(await Graph.FindNodesAsync(Ns, GraphNames.EntityLabel, new JsonObject { ["name"] = "Charles Babbage" }, 10));
        var ada = Assert.Single(await Graph.FindNodesAsync(Ns, GraphNames.EntityLabel, new JsonObject { ["name"] = "Ada Lovelace" }, 10));
        var neighborhood = await Graph.GetNeighborsAsync(Ns, ada.Id, 1, 10);
        Assert.Equal(["e2"], neighborhood.Nodes.Where(n => n.Label == GraphNames.EventLabel).Select(n => n.Properties["event_id"]!.GetValue<string>()));
        Assert.Equal(GraphNames.Mentions, Assert.Single(neighborhood.Relationships).Type);
        Assert.Equal(["e2"], (await Graph.FindEventsMentioningAsync(Ns, ["Ada Lovelace", "Charles Babbage"], 10)).Select(m => m.EventId.ToString()));
    }

    [ContractFact]
    public async Task DeleteEventGraph_again_or_of_an_unknown_event_changes_nothing()
    {
        await Graph.MergeEventGraphAsync(Ns, RecordId.FromString("e1"), new ExtractedGraph(["Ada Lovelace"], []));
        await Graph.MergeEventGraphAsync(Ns, RecordId.FromString("e2"), new ExtractedGraph(["Alan Turing"], []));

        await Graph.DeleteEventGraphAsync(Ns, RecordId.FromString("e1"));
        await Graph.DeleteEventGraphAsync(Ns, RecordId.FromString("e1"));
        await Graph.DeleteEventGraphAsync(Ns, RecordId.FromString("never-ingested"));
        await Graph.DeleteEventGraphAsync(Ns, RecordId.FromInteger(7));

        Assert.Empty(await Graph.FindNodesAsync(Ns, GraphNames.EntityLabel, new JsonObject { ["name"] = "Ada Lovelace" }, 10));
        Assert.Equal(2, (await EventNeighborhoodAsync(RecordId.FromString("e2"))).Nodes.Count);
        Assert.Equal(["e2"], (await Graph.FindEventsMentioningAsync(Ns, ["Alan Turing"], 10)).Select(m => m.EventId.ToString()));
    }

    [ContractFact]
    public async Task DeleteEventGraph_leaves_another_namespace_untouched()
    {
        var graph = new ExtractedGraph(["Ada Lovelace", "Charles Babbage"], [("Ada Lovelace", "Charles Babbage")]);
        await Graph.MergeEventGraphAsync(Ns, RecordId.FromString("e1"), graph);
        await Graph.MergeEventGraphAsync(Other, RecordId.FromString("e1"), graph);
        var before = await Graph.FindNodesAsync(Other, GraphNames.EntityLabel, null, 10);

        await Graph.DeleteEventGraphAsync(Ns, RecordId.FromString("e1"));

        Assert.Empty(await Graph.FindNodesAsync(Ns, GraphNames.EntityLabel, null, 10));
        Assert.Equal(before.Select(n => n.Id), (await Graph.FindNodesAsync(Other, GraphNames.EntityLabel, null, 10)).Select(n => n.Id));
        var eventNode = Assert.Single(await Graph.FindNodesAsync(Other, GraphNames.EventLabel, new JsonObject { ["event_id"] = "e1" }, 10));
        Assert.Equal(3, (await Graph.GetNeighborsAsync(Other, eventNode.Id, 2, 10)).Relationships.Count);
        Assert.Equal(["e1"], (await Graph.FindEventsMentioningAsync(Other, ["Charles Babbage"], 10)).Select(m => m.EventId.ToString()));
    }

    [ContractFact]
    public async Task DeleteEventGraph_keeps_nodes_a_client_created_and_linked_to_the_event()
    {
        await Graph.MergeEventGraphAsync(Ns, RecordId.FromString("e1"), new ExtractedGraph(["Ada Lovelace"], []));
        var eventNode = Assert.Single(await Graph.FindNodesAsync(Ns, GraphNames.EventLabel, new JsonObject { ["event_id"] = "e1" }, 10));
        var note = await Graph.CreateNodeAsync(Ns, GraphNames.EntityLabel, new JsonObject { ["name"] = "A note" });
        await Graph.CreateRelationshipAsync(Ns, eventNode.Id, note.Id, GraphNames.Mentions, []);

        await Graph.DeleteEventGraphAsync(Ns, RecordId.FromString("e1"));

        Assert.Equal(note.Id, Assert.Single(await Graph.FindNodesAsync(Ns, GraphNames.EntityLabel, null, 10)).Id);
        Assert.Empty((await Graph.GetNeighborsAsync(Ns, note.Id, 1, 10)).Relationships);
    }

    private async Task<Dictionary<string, string>> ChainAsync(params string[] names)
    {
        var ids = new Dictionary<string, string>();
        foreach (var name in names)
        {
            ids[name] = (await Graph.CreateNodeAsync(Ns, "Step", new JsonObject { ["name"] = name })).Id;
        }

        for (var i = 0; i + 1 < names.Length; i++)
        {
            await Graph.CreateRelationshipAsync(Ns, ids[names[i]], ids[names[i + 1]], "NEXT", []);
        }

        return ids;
    }

    private async Task<GraphNeighborhood> EventNeighborhoodAsync(RecordId eventId)
    {
        var eventNode = Assert.Single(await Graph.FindNodesAsync(Ns, GraphNames.EventLabel, new JsonObject { ["event_id"] = eventId.ToJsonNode() }, 10));
        return await Graph.GetNeighborsAsync(Ns, eventNode.Id, 2, 50);
    }
}
