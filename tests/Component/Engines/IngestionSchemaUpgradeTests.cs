using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using RagMemory.Ingestion;
using RagMemory.Ingestion.Embedded;
using RagMemory.Keywords;
using RagMemory.Keywords.Embedded;
using RagMemory.Namespaces;
using RagMemory.Vectors;

namespace RagMemory.Tests.Engines;

/// <summary>
/// A data folder written while ingestion was one queue table (schema version 6) opens with every event, status,
/// attempt count, error and dead letter in the store, in <see cref="MemoryNamespace.Default"/>, and every event not yet
/// done waiting on the bus as before: retries at their old due time, dead letters dead. Its chunks take their events'
/// metadata and acceptance time, by which filtered search is judged in each engine.
/// </summary>
public sealed class IngestionSchemaUpgradeTests : IDisposable
{
    private const long Created = 1_748_779_200_000; // 2025-06-01 12:00 UTC
    private const long RetryDue = 4_102_444_800_000; // 2100-01-01: a retry not due yet
    private static readonly string DoneTextHash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData("done text"u8));

    /// <summary>The queue table as schema version 6 made it, one event in each state, the vector and keyword tables later steps rebuild, and the account tables later steps extend.</summary>
    private static readonly string VersionSixQueue = $$"""
        CREATE TABLE vectors (key INTEGER PRIMARY KEY AUTOINCREMENT, id_json TEXT NOT NULL UNIQUE, vector BLOB NOT NULL, payload TEXT NOT NULL);
        CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
        INSERT INTO meta(name, value) VALUES ('vectors_version', '0');
        CREATE TABLE chunks (key INTEGER PRIMARY KEY AUTOINCREMENT, chunk_id TEXT NOT NULL UNIQUE, event_id TEXT NOT NULL, chunk_index INTEGER NOT NULL, text TEXT NOT NULL);
        CREATE TABLE ingest_events (
            id_json         TEXT PRIMARY KEY,
            text            TEXT NOT NULL,
            text_sha256     TEXT NOT NULL,
            metadata        TEXT NOT NULL,
            status          TEXT NOT NULL,
            attempts        INTEGER NOT NULL DEFAULT 0,
            error           TEXT,
            next_attempt_at INTEGER NOT NULL,
            created_at      INTEGER NOT NULL,
            updated_at      INTEGER NOT NULL,
            seq             INTEGER NOT NULL,
            correlation_id  TEXT
        );
        CREATE INDEX ingest_events_due ON ingest_events(status, next_attempt_at, seq);
        INSERT INTO ingest_events VALUES
            ('"done"', 'done text', '{{DoneTextHash}}', '{"team":"a"}', 'done', 1, NULL, {{Created}}, {{Created}}, {{Created + 5}}, 1, 'corr-done'),
            ('"queued"', 'queued text', 'H2', '{}', 'queued', 0, NULL, {{Created}}, {{Created}}, {{Created}}, 2, NULL),
            ('42', 'processing text', 'H3', '{}', 'processing', 2, 'first try failed', {{Created}}, {{Created}}, {{Created}}, 3, NULL),
            ('"failed"', 'failed text', 'H4', '{}', 'failed', 3, 'embedder timed out', {{RetryDue}}, {{Created}}, {{Created}}, 4, NULL),
            ('"dead"', 'dead text', 'H5', '{"k":"v"}', 'dead_lettered', 5, 'poison', {{Created}}, {{Created}}, {{Created}}, 5, NULL);
        INSERT INTO chunks(chunk_id, event_id, chunk_index, text) VALUES ('"done"#0', '"done"', 0, 'done text'), ('"gone"#0', '"gone"', 0, 'gone text');
        INSERT INTO vectors(id_json, vector, payload) VALUES
            ('"\u0022done\u0022#0"', X'00', '{"text":"done text","event_id":"done","chunk_index":0}'),
            ('"42#0"', X'00', '{"text":"processing text","event_id":42,"chunk_index":0,"metadata":{"kept":1} }'),
            ('"\u0022gone\u0022#0"', X'00', '{"text":"gone text","event_id":"gone","chunk_index":0}');
        CREATE TABLE accounts (username TEXT PRIMARY KEY COLLATE NOCASE, password_hash TEXT NOT NULL, roles TEXT NOT NULL, created_at INTEGER NOT NULL);
        CREATE TABLE api_clients (client_id TEXT PRIMARY KEY, name TEXT NOT NULL, secret_sha256 TEXT NOT NULL, roles TEXT NOT NULL, created_by TEXT NOT NULL, created_at INTEGER NOT NULL, revoked_by TEXT, revoked_at INTEGER);
        PRAGMA user_version = 6;
        """;

    private static readonly MemoryNamespace Ns = MemoryNamespace.Default;
    private readonly TempDataFolder _folder = new();

    public IngestionSchemaUpgradeTests()
    {
        var path = _folder.Storage.Value.DatabasePath;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var create = connection.CreateCommand();
        create.CommandText = VersionSixQueue;
        create.ExecuteNonQuery();
    }

    [Fact]
    public async Task Every_event_keeps_its_status_attempts_error_and_source_in_the_default_namespace()
    {
        var store = new SqliteEventStore(_folder.OpenDatabase(), TimeProvider.System);

        Assert.Equal(new QueueCounts(Queued: 1, Processing: 1, Done: 1, Failed: 1, DeadLettered: 1), await store.GetCountsAsync(Ns));
        var processing = (await store.GetStatusAsync(Ns, RecordId.FromInteger(42)))!;
        Assert.Equal((IngestStates.Processing, 2, "first try failed"), (processing.State, processing.Attempts, processing.Error));
        var dead = Assert.Single(await store.ListAsync(Ns, IngestStates.DeadLettered, 10));
        Assert.Equal(("dead", 5, "poison"), (dead.Id.ToString(), dead.Attempts, dead.Error));
        var done = (await store.GetEventAsync(Ns, RecordId.FromString("done")))!;
        Assert.Equal(("done text", "a", "corr-done"), (done.Event.Text, done.Event.Metadata["team"]!.GetValue<string>(), done.Event.CorrelationId));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(Created), done.Status.CreatedAt);
        Assert.Empty(await store.ListUnpublishedAsync(DateTimeOffset.MaxValue, 10));
    }

    [Fact]
    public async Task Events_not_yet_done_wait_on_the_bus_in_their_old_order_and_the_dead_letter_replays()
    {
        var database = _folder.OpenDatabase();
        var bus = new SqliteEventBus(database, TimeProvider.System);
        var store = new SqliteEventStore(database, TimeProvider.System);

        var due = await bus.ReceiveAsync(10);

        Assert.Equal(["queued", "42"], due.Select(d => d.Envelope.Event.Id.ToString()));
        Assert.All(due, d => Assert.Equal(Ns, d.Envelope.Namespace));
        await new EventPublisher(store, bus).PublishAsync((await store.ReplayAsync(Ns, RecordId.FromString("dead")))!);
        var replayed = Assert.Single(await bus.ReceiveAsync(10));
        Assert.Equal(("dead", "v"), (replayed.Envelope.Event.Id.ToString(), replayed.Envelope.Event.Metadata["k"]!.GetValue<string>()));
    }

    [Fact]
    public async Task The_same_id_and_text_is_still_idempotent_and_another_text_still_conflicts()
    {
        var store = new SqliteEventStore(_folder.OpenDatabase(), TimeProvider.System);

        var again = await store.AcceptAsync(Ns, new IngestEvent(RecordId.FromString("done"), "done text", []));

        Assert.True(again.AlreadyAccepted);
        Assert.True(again.Published);
        await Assert.ThrowsAsync<RagMemory.Errors.ConflictException>(() => store.AcceptAsync(Ns, new IngestEvent(RecordId.FromString("done"), "another text", [])));
        Assert.Equal(IngestStates.Done, (await store.GetStatusAsync(Ns, RecordId.FromString("done")))!.State);
    }

    [Fact]
    public async Task Chunks_take_their_events_metadata_and_acceptance_time_for_filtered_search()
    {
        var database = _folder.OpenDatabase();
        var keywords = new Fts5KeywordIndex(database, Options.Create(new KeywordIndexOptions()));

        var done = Assert.Single(await keywords.GetChunksAsync(Ns, [RecordId.FromString("done")]));
        var gone = Assert.Single(await keywords.GetChunksAsync(Ns, [RecordId.FromString("gone")]));
        var payloads = ChunkPayloads(database);

        Assert.Equal(("a", DateTimeOffset.FromUnixTimeMilliseconds(Created)), (done.Metadata!["team"]!.GetValue<string>(), done.IngestedAt));
        Assert.Equal((null, null), (gone.Metadata, gone.IngestedAt));
        Assert.Equal(("a", DateTimeOffset.FromUnixTimeMilliseconds(Created)), (payloads["done"].Metadata!["team"]!.GetValue<string>(), payloads["done"].IngestedAt));
        Assert.Equal((1, DateTimeOffset.FromUnixTimeMilliseconds(Created)), (payloads["42"].Metadata!["kept"]!.GetValue<int>(), payloads["42"].IngestedAt));
        Assert.Equal((null, null), (payloads["gone"].Metadata, payloads["gone"].IngestedAt));
    }

    public void Dispose() => _folder.Dispose();

    private static Dictionary<string, ChunkPayload> ChunkPayloads(RagMemory.Storage.SqliteDatabase database)
    {
        using var connection = database.Open();
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT payload FROM chunk_vectors;";
        using var reader = read.ExecuteReader();
        var payloads = new Dictionary<string, ChunkPayload>();
        while (reader.Read())
        {
            Assert.True(ChunkPayload.TryRead((JsonObject)JsonNode.Parse(reader.GetString(0))!, out var chunk, out var invalid), invalid);
            payloads[chunk.EventId.ToString()] = chunk;
        }

        return payloads;
    }
}
