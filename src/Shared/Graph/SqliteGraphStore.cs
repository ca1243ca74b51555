using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using RagMemory.Errors;
using RagMemory.Storage;

namespace RagMemory.Graph;

/// <summary>
/// The embedded graph: nodes and relationships as SQLite rows with JSON properties, traversed by recursive queries.
/// Nodes and relationships written by ingestion carry a merge key so that re-processing an event adds nothing twice.
/// </summary>
public sealed class SqliteGraphStore(SqliteDatabase database) : IGraphStore
{
    /// <summary>How much a co-occurring neighbour of a query entity counts against a direct mention.</summary>
    private const double NeighbourWeight = 0.25;

    public Task<GraphNode> CreateNodeAsync(string label, JsonObject properties, CancellationToken cancellationToken = default)
    {
        GraphNames.Validate(label, "label");
        ValidatePropertyNames(properties);
        using var connection = database.Open();
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO nodes(label, properties) VALUES ($label, $properties) RETURNING id;";
        insert.Parameters.AddWithValue("$label", label);
        insert.Parameters.AddWithValue("$properties", properties.ToJsonString());
        var id = Convert.ToInt64(insert.ExecuteScalar(), CultureInfo.InvariantCulture);
        return Task.FromResult(new GraphNode(id, label, (JsonObject)properties.DeepClone()));
    }

    public Task<IReadOnlyList<GraphNode>> FindNodesAsync(string label, JsonObject? properties, int limit, CancellationToken cancellationToken = default)
    {
        GraphNames.Validate(label, "label");
        Guard.Limit(limit);
        using var connection = database.Open();
        using var find = connection.CreateCommand();
        var sql = new System.Text.StringBuilder("SELECT id, label, properties FROM nodes WHERE label = $label");
        find.Parameters.AddWithValue("$label", label);
        var i = 0;
        foreach (var (name, value) in properties ?? [])
        {
            GraphNames.Validate(name, "properties");
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

    public Task<GraphRelationship> CreateRelationshipAsync(long fromId, long toId, string type, JsonObject properties, CancellationToken cancellationToken = default)
    {
        GraphNames.Validate(type, "type");
        ValidatePropertyNames(properties);
        using var connection = database.Open();
        EnsureNodeExists(connection, fromId, "from_id");
        EnsureNodeExists(connection, toId, "to_id");
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO relationships(from_id, to_id, type, properties) VALUES ($from, $to, $type, $properties) RETURNING id;";
        insert.Parameters.AddWithValue("$from", fromId);
        insert.Parameters.AddWithValue("$to", toId);
        insert.Parameters.AddWithValue("$type", type);
        insert.Parameters.AddWithValue("$properties", properties.ToJsonString());
        var id = Convert.ToInt64(insert.ExecuteScalar(), CultureInfo.InvariantCulture);
        return Task.FromResult(new GraphRelationship(id, fromId, toId, type, (JsonObject)properties.DeepClone()));
    }

    public Task<GraphNeighborhood> GetNeighborsAsync(long nodeId, int depth, int limit, CancellationToken cancellationToken = default)
    {
        if (depth is < 1 or > 3)
        {
            throw new InvalidInputException("depth", $"'depth' must be between 1 and 3 (got {depth}).");
        }

        using var connection = database.Open();
        EnsureNodeExists(connection, nodeId, "id");
        using var walk = connection.CreateCommand();
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
            ORDER BY found.depth, n.id LIMIT $limit;
            """;
        walk.Parameters.AddWithValue("$id", nodeId);
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
        relationships.Parameters.AddWithValue("$ids", JsonSerializer.Serialize(nodes.Select(n => n.Id)));
        var edges = new List<GraphRelationship>();
        using (var reader = relationships.ExecuteReader())
        {
            while (reader.Read())
            {
                edges.Add(new GraphRelationship(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetString(3), ParseObject(reader.GetString(4))));
            }
        }

        return Task.FromResult(new GraphNeighborhood(nodes, edges, truncated));
    }

    public Task MergeEventGraphAsync(RecordId eventId, ExtractedGraph graph, CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        var eventProperties = new JsonObject { ["event_id"] = eventId.ToJsonNode() };
        var eventNode = MergeNode(connection, transaction, GraphNames.EventLabel, $"Event:{eventId.Json}", eventProperties);
        var entityNodes = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in graph.Entities)
        {
            entityNodes[name] = MergeNode(connection, transaction, GraphNames.EntityLabel, EntityKey(name), new JsonObject { ["name"] = name });
            MergeRelationship(connection, transaction, eventNode, entityNodes[name], GraphNames.Mentions);
        }

        foreach (var (from, to) in graph.CoOccurrences)
        {
            MergeRelationship(connection, transaction, entityNodes[from], entityNodes[to], GraphNames.CoOccursWith);
        }

        transaction.Commit();
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<EventMention>> FindEventsMentioningAsync(IReadOnlyList<string> entityNames, int limit, CancellationToken cancellationToken = default)
    {
        if (entityNames.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<EventMention>>([]);
        }

        using var connection = database.Open();
        using var find = connection.CreateCommand();
        find.CommandText = """
            WITH direct AS (
                SELECT id FROM nodes WHERE merge_key IN (SELECT value FROM json_each($keys))
            ),
            neighbour AS (
                SELECT DISTINCT CASE WHEN r.from_id = d.id THEN r.to_id ELSE r.from_id END AS id
                FROM direct d JOIN relationships r ON (r.from_id = d.id OR r.to_id = d.id) AND r.type = 'CO_OCCURS_WITH'
                EXCEPT SELECT id FROM direct
            ),
            weighted AS (
                SELECT id, 1.0 AS weight FROM direct
                UNION ALL SELECT id, $neighbourWeight FROM neighbour
            )
            SELECT ev.properties -> '$.event_id', SUM(w.weight) AS score
            FROM weighted w
            JOIN relationships m ON m.to_id = w.id AND m.type = 'MENTIONS'
            JOIN nodes ev ON ev.id = m.from_id
            GROUP BY ev.id ORDER BY score DESC, ev.id LIMIT $limit;
            """;
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

    private static string EntityKey(string name) => $"Entity:{name.ToLowerInvariant()}";

    private static long MergeNode(SqliteConnection connection, SqliteTransaction transaction, string label, string mergeKey, JsonObject properties)
    {
        using var merge = connection.CreateCommand();
        merge.Transaction = transaction;
        merge.CommandText = """
            INSERT INTO nodes(label, properties, merge_key) VALUES ($label, $properties, $key)
            ON CONFLICT(merge_key) DO UPDATE SET label = label
            RETURNING id;
            """;
        merge.Parameters.AddWithValue("$label", label);
        merge.Parameters.AddWithValue("$properties", properties.ToJsonString());
        merge.Parameters.AddWithValue("$key", mergeKey);
        return Convert.ToInt64(merge.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static void MergeRelationship(SqliteConnection connection, SqliteTransaction transaction, long fromId, long toId, string type)
    {
        using var merge = connection.CreateCommand();
        merge.Transaction = transaction;
        merge.CommandText = """
            INSERT INTO relationships(from_id, to_id, type, properties, merge_key) VALUES ($from, $to, $type, '{}', $key)
            ON CONFLICT(merge_key) DO NOTHING;
            """;
        merge.Parameters.AddWithValue("$from", fromId);
        merge.Parameters.AddWithValue("$to", toId);
        merge.Parameters.AddWithValue("$type", type);
        merge.Parameters.AddWithValue("$key", $"{fromId}-{type}-{toId}");
        merge.ExecuteNonQuery();
    }

    private static void EnsureNodeExists(SqliteConnection connection, long id, string field)
    {
        using var exists = connection.CreateCommand();
        exists.CommandText = "SELECT 1 FROM nodes WHERE id = $id;";
        exists.Parameters.AddWithValue("$id", id);
        if (exists.ExecuteScalar() is null)
        {
            throw new NotFoundException($"Node {id} ('{field}') does not exist.");
        }
    }

    private static void ValidatePropertyNames(JsonObject properties)
    {
        foreach (var (name, _) in properties)
        {
            GraphNames.Validate(name, "properties");
        }
    }

    private static List<GraphNode> ReadNodes(SqliteCommand command)
    {
        var nodes = new List<GraphNode>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            nodes.Add(new GraphNode(reader.GetInt64(0), reader.GetString(1), ParseObject(reader.GetString(2))));
        }

        return nodes;
    }

    private static JsonObject ParseObject(string json) => (JsonObject)JsonNode.Parse(json)!;
}
