using System.Text.Json.Nodes;
using RagMemory.Engines;
using RagMemory.Errors;
using RagMemory.Namespaces;

namespace RagMemory.Graph.Neo4j;

/// <summary>
/// The graph on Neo4j through its HTTP Query API. Every node we keep has the label <c>RagMemoryNode</c> beside its own,
/// and our id, namespace and label as properties (<see cref="StoredProperties"/>); ids are ours (time-ordered GUIDs
/// under a uniqueness constraint), never Neo4j's element ids, which a backup and restore may change. Each call is one
/// statement, so each write is atomic on every deployment (the Query API's explicit transactions need a single-instance
/// server). Labels and relationship types are checked by <see cref="GraphNames"/> before they are written into a statement;
/// everything else (ids, namespaces, property names and values, entity names) travels as a parameter.
/// </summary>
public sealed class Neo4jGraphStore(QueryApiClient client) : IGraphStore, IDescribesEngine
{
    public const string BaseLabel = "RagMemoryNode";

    /// <summary>How much a co-occurring neighbour of a query entity counts against a direct mention (as in the embedded store).</summary>
    private const double NeighbourWeight = 0.25;

    public async Task<GraphNode> CreateNodeAsync(MemoryNamespace ns, string label, JsonObject properties, CancellationToken cancellationToken = default)
    {
        GraphNames.Validate(label, "label");
        GraphNames.ValidatePropertyNames(properties);
        var id = NewId();
        var labels = label == BaseLabel ? BaseLabel : $"{BaseLabel}:`{label}`";
        await client.RunAsync(
            $"CREATE (n:{labels}) SET n = $properties",
            new JsonObject { ["properties"] = StoredProperties.For(properties, id, ns.Name, label) },
            cancellationToken).ConfigureAwait(false);
        return new GraphNode(id, label, (JsonObject)properties.DeepClone());
    }

    public async Task<long> CountNodesAsync(MemoryNamespace ns, CancellationToken cancellationToken = default)
    {
        var result = await client.RunAsync(
            "MATCH (n:RagMemoryNode) WHERE n.`rm.ns` = $ns RETURN count(n) AS nodes",
            new JsonObject { ["ns"] = ns.Name },
            cancellationToken).ConfigureAwait(false);
        return result.Rows.Single().Integer("nodes");
    }

    public async Task<IReadOnlyList<GraphNode>> FindNodesAsync(MemoryNamespace ns, string label, JsonObject? properties, int limit, CancellationToken cancellationToken = default)
    {
        GraphNames.Validate(label, "label");
        GraphNames.ValidatePropertyNames(properties);
        Guard.Limit(limit);
        var match = new JsonObject((properties ?? []).Select(p => KeyValuePair.Create(p.Key, (JsonNode?)StoredProperties.ValueText(p.Value))));
        var result = await client.RunAsync(
            """
            MATCH (n:RagMemoryNode)
            WHERE n.`rm.ns` = $ns AND n.`rm.label` = $label
              AND all(name IN keys($match) WHERE n['rm.v.' + name] = $match[name])
            RETURN n.`rm.id` AS id, n.`rm.props` AS properties
            ORDER BY n.`rm.id`
            LIMIT $limit
            """,
            new JsonObject { ["ns"] = ns.Name, ["label"] = label, ["match"] = match, ["limit"] = limit },
            cancellationToken).ConfigureAwait(false);
        return result.Rows.Select(row => new GraphNode(row.String("id"), label, StoredProperties.Parse(row.String("properties")))).ToList();
    }

    public async Task<GraphRelationship> CreateRelationshipAsync(MemoryNamespace ns, string fromId, string toId, string type, JsonObject properties, CancellationToken cancellationToken = default)
    {
        GraphNames.Validate(type, "type");
        GraphNames.ValidatePropertyNames(properties);
        var id = NewId();
        var result = await client.RunAsync(
            $$"""
            MATCH (a:RagMemoryNode {`rm.id`: $fromId})
            MATCH (b:RagMemoryNode {`rm.id`: $toId})
            WHERE a.`rm.ns` = $ns AND b.`rm.ns` = $ns
            CREATE (a)-[r:`{{type}}`]->(b)
            SET r = $properties
            RETURN r.`rm.id` AS id
            """,
            new JsonObject { ["fromId"] = fromId, ["toId"] = toId, ["ns"] = ns.Name, ["properties"] = StoredProperties.For(properties, id, ns.Name) },
            cancellationToken).ConfigureAwait(false);
        if (result.Count == 0)
        {
            // Nothing matched: one end is missing from this namespace. Which one costs another round trip and says nothing more.
            throw new NotFoundException($"Node '{fromId}' or '{toId}' does not exist.");
        }

        return new GraphRelationship(id, fromId, toId, type, (JsonObject)properties.DeepClone());
    }

    public async Task<GraphNeighborhood> GetNeighborsAsync(MemoryNamespace ns, string nodeId, int depth, int limit, CancellationToken cancellationToken = default)
    {
        GraphNames.ValidateDepth(depth);
        // A variable-length pattern cannot take its bounds from a parameter; depth is a checked integer from 1 to 3.
        var result = await client.RunAsync(
            $$"""
            MATCH (start:RagMemoryNode {`rm.id`: $id})
            WHERE start.`rm.ns` = $ns
            OPTIONAL MATCH path = (start)-[*1..{{depth}}]-(reached:RagMemoryNode)
            WHERE reached <> start AND reached.`rm.ns` = $ns
            WITH start, reached, min(length(path)) AS depth
            WITH start, [f IN collect({node: reached, depth: depth}) WHERE f.node IS NOT NULL] AS found
            UNWIND [{node: start, depth: 0}] + found AS f
            WITH f.node AS n, f.depth AS depth
            ORDER BY depth, n.`rm.id`
            LIMIT $take
            WITH collect({node: n, depth: depth}) AS kept
            WITH kept, [k IN kept | k.node] AS keptNodes
            UNWIND kept AS k
            WITH k.node AS n, k.depth AS depth, keptNodes
            RETURN n.`rm.id` AS id, n.`rm.label` AS label, n.`rm.props` AS properties, depth,
              [(n)-[r]->(m:RagMemoryNode) WHERE m IN keptNodes AND r.`rm.id` IS NOT NULL
                | {id: r.`rm.id`, to: m.`rm.id`, type: type(r), properties: r.`rm.props`}] AS outgoing
            """,
            new JsonObject { ["id"] = nodeId, ["ns"] = ns.Name, ["take"] = limit + 1 },
            cancellationToken).ConfigureAwait(false);
        if (result.Count == 0)
        {
            throw new NotFoundException($"Node '{nodeId}' does not exist.");
        }

        var rows = result.Rows.OrderBy(r => r.Integer("depth")).ThenBy(r => r.String("id"), StringComparer.Ordinal).ToList();
        var truncated = rows.Count > limit;
        var kept = rows.Take(limit).ToList();
        var nodes = kept.Select(r => new GraphNode(r.String("id"), r.String("label"), StoredProperties.Parse(r.String("properties")))).ToList();
        var keptIds = nodes.Select(n => n.Id).ToHashSet(StringComparer.Ordinal);
        var relationships = kept
            .SelectMany(r => r["outgoing"]!.AsArray().Select(o => (From: r.String("id"), Out: o!.AsObject())))
            .Where(e => keptIds.Contains(e.Out["to"]!.GetValue<string>()))
            .Select(e => new GraphRelationship(
                e.Out["id"]!.GetValue<string>(), e.From, e.Out["to"]!.GetValue<string>(), e.Out["type"]!.GetValue<string>(),
                StoredProperties.Parse(e.Out["properties"]?.GetValue<string>() ?? "{}")))
            .OrderBy(r => r.Id, StringComparer.Ordinal)
            .ToList();
        return new GraphNeighborhood(nodes, relationships, truncated);
    }

    public Task MergeEventGraphAsync(MemoryNamespace ns, RecordId eventId, ExtractedGraph graph, CancellationToken cancellationToken = default)
    {
        var eventProperties = StoredProperties.For(new JsonObject { ["event_id"] = eventId.ToJsonNode() }, NewId(), ns.Name, GraphNames.EventLabel);
        eventProperties[StoredProperties.MergeKey] = EventKey(ns, eventId);
        var entities = new JsonArray();
        foreach (var name in graph.Mentioned)
        {
            var entity = StoredProperties.For(new JsonObject { ["name"] = name }, NewId(), ns.Name, GraphNames.EntityLabel);
            entity[StoredProperties.MergeKey] = EntityKey(ns, name);
            entities.Add(new JsonObject { ["key"] = EntityKey(ns, name), ["properties"] = entity, ["mention"] = StoredProperties.For([], NewId(), ns.Name) });
        }

        var pairs = new JsonArray();
        foreach (var (from, to) in graph.CoOccurrences.DistinctBy(p => (p.From.ToLowerInvariant(), p.To.ToLowerInvariant())))
        {
            pairs.Add(new JsonObject { ["source"] = EntityKey(ns, from), ["target"] = EntityKey(ns, to), ["properties"] = StoredProperties.For([], NewId(), ns.Name) });
        }

        // One statement, so the event, its entities and their links are written all or not at all; MERGE on the merge
        // key (unique) makes a second run find what the first made, and ids are set only ON CREATE, so they stay.
        return client.RunAsync(
            $$"""
            MERGE (event:RagMemoryNode {`rm.key`: $event.key})
            ON CREATE SET event = $event.properties, event:{{GraphNames.EventLabel}}
            WITH event
            UNWIND $entities AS entity
            MERGE (e:RagMemoryNode {`rm.key`: entity.key})
            ON CREATE SET e = entity.properties, e:{{GraphNames.EntityLabel}}
            MERGE (event)-[m:{{GraphNames.Mentions}}]->(e)
            ON CREATE SET m = entity.mention
            WITH DISTINCT event
            UNWIND $pairs AS pair
            MATCH (a:RagMemoryNode {`rm.key`: pair.source})
            MATCH (b:RagMemoryNode {`rm.key`: pair.target})
            MERGE (a)-[c:{{GraphNames.CoOccursWith}}]->(b)
            ON CREATE SET c = pair.properties
            """,
            new JsonObject
            {
                ["event"] = new JsonObject { ["key"] = EventKey(ns, eventId), ["properties"] = eventProperties },
                ["entities"] = entities,
                ["pairs"] = pairs,
            },
            cancellationToken);
    }

    public Task DeleteEventGraphAsync(MemoryNamespace ns, RecordId eventId, CancellationToken cancellationToken = default) =>
        // One statement: the orphaned entities (made by ingestion, mentioned by no other event) and the event go together.
        client.RunAsync(
            $$"""
            MATCH (event:RagMemoryNode {`rm.key`: $eventKey})
            OPTIONAL MATCH (event)-[:{{GraphNames.Mentions}}]->(e:RagMemoryNode)
            WHERE e.`rm.label` = $entityLabel AND e.`rm.key` IS NOT NULL
              AND NOT EXISTS { MATCH (other:RagMemoryNode)-[:{{GraphNames.Mentions}}]->(e) WHERE other <> event AND other.`rm.label` = $eventLabel }
            WITH event, collect(DISTINCT e) AS orphans
            FOREACH (orphan IN orphans | DETACH DELETE orphan)
            DETACH DELETE event
            """,
            new JsonObject { ["eventKey"] = EventKey(ns, eventId), ["entityLabel"] = GraphNames.EntityLabel, ["eventLabel"] = GraphNames.EventLabel },
            cancellationToken);

    public async Task<IReadOnlyDictionary<string, IReadOnlyList<RecordId>>> GetEventKeysAsync(MemoryNamespace ns, IReadOnlyCollection<string> nodeIds, CancellationToken cancellationToken = default)
    {
        if (nodeIds.Count == 0)
        {
            return new Dictionary<string, IReadOnlyList<RecordId>>();
        }

        // Ingestion's nodes are the ones with a merge key; an Event node's event_id is the index key it was merged under.
        var result = await client.RunAsync(
            $$"""
            UNWIND $ids AS id
            MATCH (n:RagMemoryNode {`rm.id`: id})
            WHERE n.`rm.ns` = $ns AND n.`rm.key` IS NOT NULL
            OPTIONAL MATCH (event:RagMemoryNode)-[:{{GraphNames.Mentions}}]->(n)
            WHERE event.`rm.label` = $eventLabel AND event.`rm.key` IS NOT NULL
            WITH n, collect(event.`rm.v.event_id`) AS mentioning
            WITH n, CASE WHEN n.`rm.label` = $eventLabel THEN [n.`rm.v.event_id`] ELSE mentioning END AS keys
            WHERE size(keys) > 0
            RETURN n.`rm.id` AS id, keys
            """,
            new JsonObject
            {
                ["ids"] = new JsonArray(nodeIds.Distinct().Select(id => (JsonNode?)id).ToArray()),
                ["ns"] = ns.Name,
                ["eventLabel"] = GraphNames.EventLabel,
            },
            cancellationToken).ConfigureAwait(false);
        return result.Rows.ToDictionary(
            row => row.String("id"),
            row => (IReadOnlyList<RecordId>)[.. row["keys"]!.AsArray().Select(key => EventIdOf(key!.GetValue<string>()))]);
    }

    public async Task<IReadOnlyList<EventMention>> FindEventsMentioningAsync(MemoryNamespace ns, IReadOnlyList<string> entityNames, int limit, CancellationToken cancellationToken = default)
    {
        if (entityNames.Count == 0)
        {
            return [];
        }

        var result = await client.RunAsync(
            $$"""
            MATCH (counted:RagMemoryNode) WHERE counted.`rm.ns` = $ns AND counted.`rm.label` = $eventLabel
            WITH count(counted) AS events
            UNWIND $keys AS key
            MATCH (direct:RagMemoryNode {`rm.key`: key})
            WITH events, collect(DISTINCT direct) AS directs
            UNWIND directs AS d
            OPTIONAL MATCH (d)-[:{{GraphNames.CoOccursWith}}]-(near:RagMemoryNode)
            WHERE NOT near IN directs
            WITH events, directs, collect(DISTINCT near) AS nears
            UNWIND [x IN directs | {entity: x, weight: 1.0}] + [x IN nears | {entity: x, weight: $neighbourWeight}] AS w
            WITH events, w.entity AS entity, w.weight AS weight
            MATCH (event:RagMemoryNode)-[:{{GraphNames.Mentions}}]->(entity)
            WHERE event.`rm.label` = $eventLabel AND event.`rm.v.event_id` IS NOT NULL
            WITH events, weight, collect(event) AS mentioning
            WITH weight * log(1.0 + toFloat(events) / size(mentioning)) AS weight, mentioning
            UNWIND mentioning AS event
            WITH event, sum(weight) AS score
            ORDER BY score DESC, event.`rm.id`
            LIMIT $limit
            RETURN event.`rm.v.event_id` AS eventId, score
            """,
            new JsonObject
            {
                ["keys"] = new JsonArray(entityNames.Select(name => (JsonNode?)EntityKey(ns, name)).ToArray()),
                ["neighbourWeight"] = NeighbourWeight,
                ["eventLabel"] = GraphNames.EventLabel,
                ["ns"] = ns.Name,
                ["limit"] = limit,
            },
            cancellationToken).ConfigureAwait(false);
        return result.Rows.Select(row => new EventMention(EventIdOf(row.String("eventId")), row.Number("score"))).ToList();
    }

    public async Task<EngineDescription> DescribeAsync(CancellationToken cancellationToken = default)
    {
        var result = await client.RunAsync(
            """
            CALL dbms.components() YIELD versions, edition
            RETURN versions[0] AS version, edition, COUNT { (:RagMemoryNode) } AS nodes, COUNT { ()-[]->() } AS relationships
            """,
            null,
            cancellationToken).ConfigureAwait(false);
        var row = result.Rows.First();
        return new EngineDescription(
            $"Neo4j {row.String("edition")}",
            row.String("version"),
            client.Location,
            [new EngineSize("nodes", row.Integer("nodes"), EngineSize.Records), new EngineSize("relationships", row.Integer("relationships"), EngineSize.Records)]);
    }

    /// <summary>The event id from the JSON text it was stored as, made canonical again whatever escaping the text has.</summary>
    private static RecordId EventIdOf(string json)
    {
        using var document = System.Text.Json.JsonDocument.Parse(json);
        return RecordId.FromJson(document.RootElement, "event_id");
    }

    /// <summary>Time-ordered, so that ordering by id lists nodes about as the embedded store does, oldest first.</summary>
    private static string NewId() => Guid.CreateVersion7().ToString("N");

    /// <summary>Merge keys are unique across the database, so each carries its namespace (which cannot contain '|').</summary>
    private static string EventKey(MemoryNamespace ns, RecordId eventId) => $"{ns.Name}|{GraphNames.EventLabel}:{eventId.Json}";

    private static string EntityKey(MemoryNamespace ns, string name) => $"{ns.Name}|{GraphNames.EntityLabel}:{name.ToLowerInvariant()}";
}
