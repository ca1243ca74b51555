using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using RagMemory.Graph;
using RagMemory.Graph.Embedded;
using RagMemory.Namespaces;

namespace RagMemory.Tests.Engines.Graph;

/// <summary>
/// A data folder written before graph rows had a namespace (schema version 4) opens with every node and relationship
/// in <see cref="MemoryNamespace.Default"/>, under the ids clients already hold.
/// </summary>
public sealed class SqliteGraphSchemaUpgradeTests : IDisposable
{
    /// <summary>
    /// The graph tables as schema version 4 made them, with what ingestion of one event wrote into them, and the vector
    /// tables later steps rebuild.
    /// </summary>
    private const string VersionFourGraph = """
        CREATE TABLE vectors (key INTEGER PRIMARY KEY AUTOINCREMENT, id_json TEXT NOT NULL UNIQUE, vector BLOB NOT NULL, payload TEXT NOT NULL);
        CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
        INSERT INTO meta(name, value) VALUES ('vectors_version', '0');
        CREATE TABLE chunks (key INTEGER PRIMARY KEY AUTOINCREMENT, chunk_id TEXT NOT NULL UNIQUE, event_id TEXT NOT NULL, chunk_index INTEGER NOT NULL, text TEXT NOT NULL);
        CREATE TABLE nodes (
            id          INTEGER PRIMARY KEY AUTOINCREMENT,
            label       TEXT NOT NULL,
            properties  TEXT NOT NULL,
            merge_key   TEXT UNIQUE
        );
        CREATE INDEX nodes_label ON nodes(label);
        CREATE TABLE relationships (
            id          INTEGER PRIMARY KEY AUTOINCREMENT,
            from_id     INTEGER NOT NULL REFERENCES nodes(id) ON DELETE CASCADE,
            to_id       INTEGER NOT NULL REFERENCES nodes(id) ON DELETE CASCADE,
            type        TEXT NOT NULL,
            properties  TEXT NOT NULL,
            merge_key   TEXT UNIQUE
        );
        CREATE INDEX relationships_from ON relationships(from_id);
        CREATE INDEX relationships_to ON relationships(to_id);

        INSERT INTO nodes(id, label, properties, merge_key) VALUES
            (40, 'Event', '{"event_id":"old-event"}', 'Event:"old-event"'),
            (41, 'Entity', '{"name":"Ada Lovelace"}', 'Entity:ada lovelace'),
            (42, 'Person', '{"name":"Grace"}', NULL);
        INSERT INTO relationships(id, from_id, to_id, type, properties, merge_key) VALUES
            (7, 40, 41, 'MENTIONS', '{}', '40-MENTIONS-41'),
            (8, 42, 41, 'KNOWS', '{"since":1843}', NULL);
        -- AUTOINCREMENT never hands out an id again, even one whose node is gone: the counter is past the rows.
        UPDATE sqlite_sequence SET seq = 100 WHERE name = 'nodes';

        -- A later step rebuilds the ingestion table, so it must be there as version 4 had it (empty here).
        CREATE TABLE ingest_events (
            id_json TEXT PRIMARY KEY, text TEXT NOT NULL, text_sha256 TEXT NOT NULL, metadata TEXT NOT NULL,
            status TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, error TEXT, next_attempt_at INTEGER NOT NULL,
            created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, seq INTEGER NOT NULL, correlation_id TEXT
        );
        CREATE TABLE accounts (username TEXT PRIMARY KEY COLLATE NOCASE, password_hash TEXT NOT NULL, roles TEXT NOT NULL, created_at INTEGER NOT NULL);
        CREATE TABLE api_clients (client_id TEXT PRIMARY KEY, name TEXT NOT NULL, secret_sha256 TEXT NOT NULL, roles TEXT NOT NULL, created_by TEXT NOT NULL, created_at INTEGER NOT NULL, revoked_by TEXT, revoked_at INTEGER);
        PRAGMA user_version = 4;
        """;

    private readonly TempDataFolder _folder = new();

    public SqliteGraphSchemaUpgradeTests()
    {
        var path = _folder.Storage.Value.DatabasePath;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var create = connection.CreateCommand();
        create.CommandText = VersionFourGraph;
        create.ExecuteNonQuery();
    }

    [Fact]
    public async Task Nodes_and_relationships_of_the_old_schema_are_found_in_the_default_namespace_under_their_ids()
    {
        var graph = new SqliteGraphStore(_folder.OpenDatabase());

        var grace = Assert.Single(await graph.FindNodesAsync(MemoryNamespace.Default, "Person", new JsonObject { ["name"] = "Grace" }, 10));
        Assert.Equal("42", grace.Id);
        var neighborhood = await graph.GetNeighborsAsync(MemoryNamespace.Default, "42", 2, 10);
        Assert.Equal(["40", "41", "42"], neighborhood.Nodes.Select(n => n.Id).Order(StringComparer.Ordinal));
        Assert.Equal(["7", "8"], neighborhood.Relationships.Select(r => r.Id).Order(StringComparer.Ordinal));
        Assert.Equal("old-event", Assert.Single(await graph.FindEventsMentioningAsync(MemoryNamespace.Default, ["Ada Lovelace"], 10)).EventId.ToString());
    }

    [Fact]
    public async Task Ingestion_after_the_upgrade_merges_into_the_old_entities_and_new_ids_follow_the_old_counter()
    {
        var graph = new SqliteGraphStore(_folder.OpenDatabase());

        var created = await graph.CreateNodeAsync(MemoryNamespace.Default, "Person", []);
        await graph.MergeEventGraphAsync(MemoryNamespace.Default, RecordId.FromString("new-event"), new ExtractedGraph(["Ada Lovelace"], []));

        Assert.Equal("41", Assert.Single(await graph.FindNodesAsync(MemoryNamespace.Default, GraphNames.EntityLabel, null, 10)).Id);
        Assert.Equal("101", created.Id);
        Assert.Equal(2, (await graph.FindEventsMentioningAsync(MemoryNamespace.Default, ["Ada Lovelace"], 10)).Count);
    }

    [Fact]
    public async Task Deleting_an_old_event_after_the_upgrade_cascades_to_its_relationships()
    {
        var graph = new SqliteGraphStore(_folder.OpenDatabase());

        await graph.DeleteEventGraphAsync(MemoryNamespace.Default, RecordId.FromString("old-event"));

        // Ingestion recorded Ada and no other event mentions her, so she goes, and Grace's KNOWS to her with her: the
        // rebuilt tables still cascade.
        Assert.Empty(await graph.FindNodesAsync(MemoryNamespace.Default, GraphNames.EntityLabel, null, 10));
        Assert.Empty((await graph.GetNeighborsAsync(MemoryNamespace.Default, "42", 1, 10)).Relationships);
    }

    public void Dispose() => _folder.Dispose();
}
