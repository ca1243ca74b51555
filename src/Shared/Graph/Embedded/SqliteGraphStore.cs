using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using RagMemory.Engines;
using RagMemory.Errors;
using RagMemory.Namespaces;
using RagMemory.Storage;

namespace RagMemory.Graph.Embedded;

/// <summary>
/// The embedded graph: nodes and relationships as SQLite rows with JSON properties, traversed by recursive queries.
/// Nodes and relationships written by ingestion carry a merge key (unique per namespace) so that re-processing an event
/// adds nothing twice. Rows keep their INTEGER PRIMARY KEY; the port's opaque id is its decimal text, so an id a client
/// already holds (<c>42</c>) keeps naming the same node (<c>"42"</c>), and any other text names no node.
/// </summary>
public sealed class SqliteGraphStore(SqliteDatabase database) : IGraphStore
{
    /// <summary>How much a co-occurring neighbour of a query entity counts against a direct mention.</summary>
    private const double NeighbourWeight = 0.25;

    public Task<GraphNode> CreateNodeAsync(MemoryNamespace ns, string label, JsonObject properties, CancellationToken cancellationToken = default)
    {
        GraphNames.Validate(label, "label");
        GraphNames.ValidatePropertyNames(properties);
        using var connection = database.Open();
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO nodes(namespace, label, properties) VALUES ($ns, $label, $properties) RETURNING id;";
        insert.Parameters.AddWithValue("$ns", ns.Name);
        insert.Parameters.AddWithValue("$label", label);
        insert.Parameters.AddWithValue("$properties", properties.ToJsonString());
        var id = Convert.ToInt64(insert.ExecuteScalar(), CultureInfo.InvariantCulture);
        return Task.FromResult(new GraphNode(IdOf(id), label, (JsonObject)properties.DeepClone()));
    }

    public Task<long> CountNodesAsync(MemoryNamespace ns, CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM nodes WHERE namespace = $ns;";
        count.Parameters.AddWithValue("$ns", ns.Name);
        return Task.FromResult(Convert.ToInt64(count.ExecuteScalar(), CultureInfo.InvariantCulture));
    }

    public Task<IReadOnlyList<GraphNode>> FindNodesAsync(MemoryNamespace ns, string label, JsonObject? properties, int limit, CancellationToken cancellationToken = default)
    {
        GraphNames.Validate(label, "label");
        GraphNames.ValidatePropertyNames(properties);
        Guard.Limit(limit);
        using var connection = database.Open();
        using var find = connection.CreateCommand();
        var sql = new System.Text.StringBuilder("SELECT id, label, properties FROM nodes WHERE namespace = $ns AND label = $label");
        find.Parameters.AddWithValue("$ns", ns.Name);
        find.Parameters.AddWithValue("$label", label);
        var i = 0;
        foreach (var (name, value) in properties ?? [])
        {
            // Comparing JSON values on both sides keeps types apart: 1 never matches "1".
            sql.Append(CultureInfo.InvariantCulture, $" AND properties -> '$.{name}' = json($p{i})");
            find.Parameters.AddWithValue($"$p{i}", value?.ToJsonString() ?? "null");
            i++;
        }

        sql.Append(" ORDER BY id LIMIT $limit;");
        find.Parameters.AddWithValue("$limit", limit);
        find.CommandText = sql.ToString();
        return Task.FromResult<IReadOnlyList<GraphNode>>(ReadNodes(find));
    }

    public Task<GraphRelationship> CreateRelationshipAsync(MemoryNamespace ns, string fromId, string toId, string type, JsonObject properties, CancellationToken cancellationToken = default)
    {
        GraphNames.Validate(type, "type");
        GraphNames.ValidatePropertyNames(properties);
        using var connection = database.Open();
        var from = ExistingNode(connection, ns, fromId);
        var to = ExistingNode(connection, ns, toId);
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO relationships(namespace, from_id, to_id, type, properties) VALUES ($ns, $from, $to, $type, $properties) RETURNING id;";
        insert.Parameters.AddWithValue("$ns", ns.Name);
        insert.Parameters.AddWithValue("$from", from);
        insert.Parameters.AddWithValue("$to", to);
        insert.Parameters.AddWithValue("$type", type);
        insert.Parameters.AddWithValue("$properties", properties.ToJsonString());
        var id = Convert.ToInt64(insert.ExecuteScalar(), CultureInfo.InvariantCulture);
        return Task.FromResult(new GraphRelationship(IdOf(id), IdOf(from), IdOf(to), type, (JsonObject)properties.DeepClone()));
    }

    public Task<GraphNeighborhood> GetNeighborsAsync(MemoryNamespace ns, string nodeId, int depth, int limit, CancellationToken cancellationToken = default)
    {
        GraphNames.ValidateDepth(depth);
        using var connection = database.Open();
        var start = ExistingNode(connection, ns, nodeId);
        using var walk = connection.CreateCommand();
        // Relationships only ever join nodes of one namespace (CreateRelationship checks both ends), so the walk stays in it.
        walk.CommandText = """
            WITH RECURSIVE walk(node_id, depth) AS (
                SELECT $id, 0
                UNION
                SELECT r.to_id, w.depth + 1 FROM walk w JOIN relationships r ON r.from_id = w.node_id WHERE w.depth < $depth
                UNION
                SELECT r.from_id, w.depth + 1 FROM walk w JOIN relationships r ON r.to_id = w.node_id WHERE w.depth < $depth
            )
            SELECT n.id, n.label, n.properties FROM nodes n
            JOIN (SELECT node_id, MIN(depth) AS depth FROM walk GROUP BY node_id) found ON found.node_id = n.id
            WHERE n.namespace = $ns
            ORDER BY found.depth, n.id LIMIT $limit;
            """;
        walk.Parameters.AddWithValue("$id", start);
        walk.Parameters.AddWithValue("$ns", ns.Name);
        walk.Parameters.AddWithValue("$depth", depth);
        walk.Parameters.AddWithValue("$limit", limit + 1);
        var nodes = ReadNodes(walk);
        var truncated = nodes.Count > limit;
        if (truncated)
        {
            nodes.RemoveAt(nodes.Count - 1);
        }

        using var relationships = connection.CreateCommand();
        relationships.CommandText = """
            SELECT id, from_id, to_id, type, properties FROM relationships
            WHERE from_id IN (SELECT value FROM json_each($ids)) AND to_id IN (SELECT value FROM json_each($ids))
            ORDER BY id;
            """;
        relationships.Parameters.AddWithValue("$ids", JsonSerializer.Serialize(nodes.Select(n => long.Parse(n.Id, CultureInfo.InvariantCulture))));
        var edges = new List<GraphRelationship>();
        using (var reader = relationships.ExecuteReader())
        {
            while (reader.Read())
            {
                edges.Add(new GraphRelationship(IdOf(reader.GetInt64(0)), IdOf(reader.GetInt64(1)), IdOf(reader.GetInt64(2)), reader.GetString(3), ParseObject(reader.GetString(4))));
            }
        }

        return Task.FromResult(new GraphNeighborhood(nodes, edges, truncated));
    }

    public Task MergeEventGraphAsync(MemoryNamespace ns, RecordId eventId, ExtractedGraph graph, CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        var eventProperties = new JsonObject { ["event_id"] = eventId.ToJsonNode() };
        var eventNode = MergeNode(connection, transaction, ns, GraphNames.EventLabel, EventKey(eventId), eventProperties);
        var entityNodes = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in graph.Mentioned)
        {
            entityNodes[name] = MergeNode(connection, transaction, ns, GraphNames.EntityLabel, EntityKey(name), new JsonObject { ["name"] = name });
            MergeRelationship(connection, transaction, ns, eventNode, entityNodes[name], GraphNames.Mentions);
        }

        foreach (var (from, to) in graph.CoOccurrences)
        {
            MergeRelationship(connection, transaction, ns, entityNodes[from], entityNodes[to], GraphNames.CoOccursWith);
        }

        transaction.Commit();
        return Task.CompletedTask;
    }

    public Task DeleteEventGraphAsync(MemoryNamespace ns, RecordId eventId, CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        using var delete = connection.CreateCommand();
        delete.Transaction = transaction;
        // Entities first, while the event's MENTIONS still say which they are; deleting a node deletes its relationships
        // (ON DELETE CASCADE), which takes the MENTIONS and the orphans' CO_OCCURS_WITH with it. Only entities ingestion
        // made (with a merge key) go; a node a client created stays even if the event was all that linked to it.
        delete.CommandText = """
            WITH event AS (SELECT id FROM nodes WHERE namespace = $ns AND merge_key = $event)
            DELETE FROM nodes WHERE namespace = $ns AND label = 'Entity' AND merge_key IS NOT NULL
            AND id IN (SELECT m.to_id FROM relationships m WHERE m.from_id IN event AND m.type = 'MENTIONS')
            AND NOT EXISTS (
                SELECT 1 FROM relationships other JOIN nodes ev ON ev.id = other.from_id
                WHERE other.to_id = nodes.id AND other.type = 'MENTIONS' AND ev.label = 'Event' AND ev.id NOT IN event
            );
            DELETE FROM nodes WHERE namespace = $ns AND merge_key = $event;
            """;
        delete.Parameters.AddWithValue("$ns", ns.Name);
        delete.Parameters.AddWithValue("$event", EventKey(eventId));
        delete.ExecuteNonQuery();
        transaction.Commit();
        return Task.CompletedTask;
    }

    public Task<IReadOnlyDictionary<string, IReadOnlyList<RecordId>>> GetEventKeysAsync(MemoryNamespace ns, IReadOnlyCollection<string> nodeIds, CancellationToken cancellationToken = default)
    {
        var rows = nodeIds.Select(id => TryRowId(id, out var row) ? row : (long?)null).OfType<long>().Distinct().ToList();
        var keys = new Dictionary<string, IReadOnlyList<RecordId>>();
        if (rows.Count == 0)
        {
            return Task.FromResult<IReadOnlyDictionary<string, IReadOnlyList<RecordId>>>(keys);
        }

        using var connection = database.Open();
        using var read = connection.CreateCommand();
        // Ingestion's nodes are the ones with a merge key; an Event node's event_id is the index key it was merged under.
        read.CommandText = """
            SELECT n.id, n.properties -> '$.event_id' FROM nodes n
            WHERE n.namespace = $ns AND n.label = 'Event' AND n.merge_key IS NOT NULL AND n.id IN (SELECT value FROM json_each($ids))
            UNION ALL
            SELECT m.to_id, ev.properties -> '$.event_id' FROM relationships m JOIN nodes ev ON ev.id = m.from_id
            WHERE m.type = 'MENTIONS' AND ev.namespace = $ns AND ev.label = 'Event' AND ev.merge_key IS NOT NULL
              AND m.to_id IN (SELECT value FROM json_each($ids));
            """;
        read.Parameters.AddWithValue("$ns", ns.Name);
        read.Parameters.AddWithValue("$ids", JsonSerializer.Serialize(rows));
        var found = new Dictionary<string, List<RecordId>>();
        using (var reader = read.ExecuteReader())
        {
            while (reader.Read())
            {
                var id = IdOf(reader.GetInt64(0));
                if (!found.TryGetValue(id, out var list))
                {
                    found[id] = list = [];
                }

                list.Add(RecordId.FromStoredJson(reader.GetString(1)));
            }
        }

        foreach (var (id, list) in found)
        {
            keys[id] = list;
        }

        return Task.FromResult<IReadOnlyDictionary<string, IReadOnlyList<RecordId>>>(keys);
    }

    public Task<IReadOnlyList<EventMention>> FindEventsMentioningAsync(MemoryNamespace ns, IReadOnlyList<string> entityNames, int limit, CancellationToken cancellationToken = default)
    {
        if (entityNames.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<EventMention>>([]);
        }

        using var connection = database.Open();
        using var find = connection.CreateCommand();
        find.CommandText = """
            WITH direct AS (
                SELECT id FROM nodes WHERE namespace = $ns AND merge_key IN (SELECT value FROM json_each($keys))
            ),
            neighbour AS (
                SELECT DISTINCT CASE WHEN r.from_id = d.id THEN r.to_id ELSE r.from_id END AS id
                FROM direct d JOIN relationships r ON (r.from_id = d.id OR r.to_id = d.id) AND r.type = 'CO_OCCURS_WITH'
                EXCEPT SELECT id FROM direct
            ),
            weighted AS (
                SELECT id, 1.0 AS weight FROM direct
                UNION ALL SELECT id, $neighbourWeight FROM neighbour
            ),
            events AS (SELECT count(*) AS n FROM nodes WHERE namespace = $ns AND label = 'Event'),
            specific AS (
                SELECT w.id, w.weight * ln(1.0 + (SELECT n FROM events) * 1.0
                    / max(1, (SELECT count(*) FROM relationships r WHERE r.to_id = w.id AND r.type = 'MENTIONS'))) AS weight
                FROM weighted w
            )
            SELECT ev.properties -> '$.event_id', SUM(w.weight) AS score
            FROM specific w
            JOIN relationships m ON m.to_id = w.id AND m.type = 'MENTIONS'
            JOIN nodes ev ON ev.id = m.from_id
            GROUP BY ev.id ORDER BY score DESC, ev.id LIMIT $limit;
            """;
        find.Parameters.AddWithValue("$ns", ns.Name);
        // Keys are lower-cased here exactly as EntityKey wrote them; SQLite's lower() folds ASCII letters only.
        find.Parameters.AddWithValue("$keys", JsonSerializer.Serialize(entityNames.Select(EntityKey)));
        find.Parameters.AddWithValue("$neighbourWeight", NeighbourWeight);
        find.Parameters.AddWithValue("$limit", limit);
        var mentions = new List<EventMention>();
        using var reader = find.ExecuteReader();
        while (reader.Read())
        {
            mentions.Add(new EventMention(RecordId.FromStoredJson(reader.GetString(0)), reader.GetDouble(1)));
        }

        return Task.FromResult<IReadOnlyList<EventMention>>(mentions);
    }

    private static string IdOf(long rowId) => rowId.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The row id an opaque id names: only the canonical decimal text of a row id does ("42", not "042" or "x"), so
    /// every id this store hands out comes back to the same row and nothing else reaches one.
    /// </summary>
    private static bool TryRowId(string? id, out long rowId) =>
        long.TryParse(id, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out rowId) && IdOf(rowId) == id;

    private static string EventKey(RecordId eventId) => $"Event:{eventId.Json}";

    private static string EntityKey(string name) => $"Entity:{name.ToLowerInvariant()}";

    private static long MergeNode(SqliteConnection connection, SqliteTransaction transaction, MemoryNamespace ns, string label, string mergeKey, JsonObject properties)
    {
        using var merge = connection.CreateCommand();
        merge.Transaction = transaction;
        merge.CommandText = """
            INSERT INTO nodes(namespace, label, properties, merge_key) VALUES ($ns, $label, $properties, $key)
            ON CONFLICT(namespace, merge_key) DO UPDATE SET label = label
            RETURNING id;
            """;
        merge.Parameters.AddWithValue("$ns", ns.Name);
        merge.Parameters.AddWithValue("$label", label);
        merge.Parameters.AddWithValue("$properties", properties.ToJsonString());
        merge.Parameters.AddWithValue("$key", mergeKey);
        return Convert.ToInt64(merge.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static void MergeRelationship(SqliteConnection connection, SqliteTransaction transaction, MemoryNamespace ns, long fromId, long toId, string type)
    {
        using var merge = connection.CreateCommand();
        merge.Transaction = transaction;
        merge.CommandText = """
            INSERT INTO relationships(namespace, from_id, to_id, type, properties, merge_key) VALUES ($ns, $from, $to, $type, '{}', $key)
            ON CONFLICT(namespace, merge_key) DO NOTHING;
            """;
        merge.Parameters.AddWithValue("$ns", ns.Name);
        merge.Parameters.AddWithValue("$from", fromId);
        merge.Parameters.AddWithValue("$to", toId);
        merge.Parameters.AddWithValue("$type", type);
        merge.Parameters.AddWithValue("$key", $"{fromId}-{type}-{toId}");
        merge.ExecuteNonQuery();
    }

    /// <summary>The row of a node of <paramref name="ns"/>; an id that names none (another namespace's, or not ours at all) is not found.</summary>
    private static long ExistingNode(SqliteConnection connection, MemoryNamespace ns, string id)
    {
        if (TryRowId(id, out var rowId))
        {
            using var exists = connection.CreateCommand();
            exists.CommandText = "SELECT 1 FROM nodes WHERE id = $id AND namespace = $ns;";
            exists.Parameters.AddWithValue("$id", rowId);
            exists.Parameters.AddWithValue("$ns", ns.Name);
            if (exists.ExecuteScalar() is not null)
            {
                return rowId;
            }
        }

        throw new NotFoundException($"Node '{id}' does not exist.");
    }

    private static List<GraphNode> ReadNodes(SqliteCommand command)
    {
        var nodes = new List<GraphNode>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            nodes.Add(new GraphNode(IdOf(reader.GetInt64(0)), reader.GetString(1), ParseObject(reader.GetString(2))));
        }

        return nodes;
    }

    private static JsonObject ParseObject(string json) => (JsonObject)JsonNode.Parse(json)!;

    public Task<EngineDescription> DescribeAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(database.Describe("SQLite graph tables", ("nodes", "SELECT count(*) FROM nodes;"), ("relationships", "SELECT count(*) FROM relationships;")));
}
