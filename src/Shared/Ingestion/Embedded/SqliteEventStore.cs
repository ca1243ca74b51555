using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using RagMemory.Engines;
using RagMemory.Errors;
using RagMemory.Namespaces;
using RagMemory.Storage;

namespace RagMemory.Ingestion.Embedded;

/// <summary>
/// The embedded event store: one row per event in <c>ingest_events</c>, keyed by namespace and id, committed before
/// <c>POST /ingest/</c> answers. Each change of state is one statement (or one transaction), so no decision is taken
/// on a value read earlier.
/// </summary>
public sealed class SqliteEventStore(SqliteDatabase database, TimeProvider time) : IEventStore
{
    private const int MaxErrorLength = 2000;
    private const string StatusColumns = "id_json, status, attempts, error, created_at, updated_at";

    public Task<EnqueueResult> AcceptAsync(MemoryNamespace ns, IngestEvent ingestEvent, CancellationToken cancellationToken = default)
    {
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(ingestEvent.Text)));
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        using var insert = Command(connection, ns, ingestEvent.Id, """
            INSERT INTO ingest_events(namespace, id_json, text, text_sha256, metadata, correlation_id, status, created_at, updated_at, published)
            VALUES ($ns, $id, $text, $hash, $metadata, $correlation, 'queued', $now, $now, 0)
            ON CONFLICT(namespace, id_json) DO NOTHING;
            """, transaction);
        insert.Parameters.AddWithValue("$text", ingestEvent.Text);
        insert.Parameters.AddWithValue("$hash", hash);
        insert.Parameters.AddWithValue("$metadata", ingestEvent.Metadata.ToJsonString());
        insert.Parameters.AddWithValue("$correlation", (object?)ingestEvent.CorrelationId ?? DBNull.Value);
        var inserted = insert.ExecuteNonQuery() == 1;

        using var read = Command(connection, ns, ingestEvent.Id, $"SELECT {StatusColumns}, text_sha256, published FROM ingest_events WHERE namespace = $ns AND id_json = $id;", transaction);
        using var reader = read.ExecuteReader();
        reader.Read();
        if (reader.GetString(6) != hash)
        {
            throw new ConflictException($"Event {ingestEvent.Id} was already accepted with a different text.");
        }

        var result = new EnqueueResult(ReadStatus(reader), AlreadyAccepted: !inserted, Published: reader.GetInt64(7) == 1);
        reader.Close();
        transaction.Commit();
        return Task.FromResult(result);
    }

    public Task MarkPublishedAsync(MemoryNamespace ns, RecordId id, CancellationToken cancellationToken = default)
    {
        Update(ns, id, "UPDATE ingest_events SET published = 1 WHERE namespace = $ns AND id_json = $id;");
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<EventEnvelope>> ListUnpublishedAsync(DateTimeOffset unchangedSince, int limit, CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        using var list = connection.CreateCommand();
        list.CommandText = """
            SELECT namespace, id_json, text, metadata, correlation_id FROM ingest_events
            WHERE published = 0 AND updated_at <= $since ORDER BY created_at, rowid LIMIT $limit;
            """;
        list.Parameters.AddWithValue("$since", unchangedSince.ToUnixTimeMilliseconds());
        list.Parameters.AddWithValue("$limit", limit);
        var envelopes = new List<EventEnvelope>();
        using var reader = list.ExecuteReader();
        while (reader.Read())
        {
            envelopes.Add(new EventEnvelope(MemoryNamespace.FromStored(reader.GetString(0)), ReadEvent(reader, 1)));
        }

        return Task.FromResult<IReadOnlyList<EventEnvelope>>(envelopes);
    }

    public Task<IngestStatus?> GetStatusAsync(MemoryNamespace ns, RecordId id, CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        using var read = Command(connection, ns, id, $"SELECT {StatusColumns} FROM ingest_events WHERE namespace = $ns AND id_json = $id;");
        using var reader = read.ExecuteReader();
        return Task.FromResult(reader.Read() ? ReadStatus(reader) : null);
    }

    public async Task<SourceEvent?> GetEventAsync(MemoryNamespace ns, RecordId id, CancellationToken cancellationToken = default) =>
        (await GetEventsAsync(ns, [id], cancellationToken).ConfigureAwait(false)).SingleOrDefault();

    public Task<IReadOnlyList<SourceEvent>> GetEventsAsync(MemoryNamespace ns, IReadOnlyCollection<RecordId> ids, CancellationToken cancellationToken = default)
    {
        var events = new List<SourceEvent>(ids.Count);
        using var connection = database.Open();
        using var read = connection.CreateCommand();
        read.CommandText = $"SELECT {StatusColumns}, text, metadata, correlation_id FROM ingest_events WHERE namespace = $ns AND id_json = $id;";
        read.Parameters.AddWithValue("$ns", ns.Name);
        var idParameter = read.Parameters.Add("$id", SqliteType.Text);
        foreach (var id in ids.Distinct())
        {
            // One prepared statement, a primary-key lookup per id: as fast as an IN list and without its parameter limit.
            idParameter.Value = id.Json;
            using var reader = read.ExecuteReader();
            if (reader.Read())
            {
                events.Add(new SourceEvent(ReadEvent(reader, 0, textAt: 6), ReadStatus(reader)));
            }
        }

        return Task.FromResult<IReadOnlyList<SourceEvent>>(events);
    }

    public Task<IReadOnlyList<IngestStatus>> StartAttemptsAsync(MemoryNamespace ns, IReadOnlyList<RecordId> ids, CancellationToken cancellationToken = default)
    {
        var started = new List<IngestStatus>(ids.Count);
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        using var start = connection.CreateCommand();
        start.Transaction = transaction;
        start.CommandText = $"""
            UPDATE ingest_events SET status = 'processing', attempts = attempts + 1, updated_at = $now
            WHERE namespace = $ns AND id_json = $id AND status IN ('queued', 'failed', 'processing')
            RETURNING {StatusColumns};
            """;
        start.Parameters.AddWithValue("$ns", ns.Name);
        start.Parameters.AddWithValue("$now", Now());
        var idParameter = start.Parameters.Add("$id", SqliteType.Text);
        foreach (var id in ids)
        {
            idParameter.Value = id.Json;
            using var reader = start.ExecuteReader();
            if (reader.Read())
            {
                started.Add(ReadStatus(reader));
            }
        }

        transaction.Commit();
        return Task.FromResult<IReadOnlyList<IngestStatus>>(started);
    }

    public Task MarkDoneAsync(MemoryNamespace ns, IReadOnlyList<RecordId> ids, CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        using var done = connection.CreateCommand();
        done.Transaction = transaction;
        done.CommandText = "UPDATE ingest_events SET status = 'done', error = NULL, updated_at = $now WHERE namespace = $ns AND id_json = $id;";
        done.Parameters.AddWithValue("$ns", ns.Name);
        done.Parameters.AddWithValue("$now", Now());
        var idParameter = done.Parameters.Add("$id", SqliteType.Text);
        foreach (var id in ids)
        {
            idParameter.Value = id.Json;
            done.ExecuteNonQuery();
        }

        transaction.Commit();
        return Task.CompletedTask;
    }

    public Task MarkFailedAsync(MemoryNamespace ns, RecordId id, string error, CancellationToken cancellationToken = default)
    {
        RecordFailure(ns, id, IngestStates.Failed, error);
        return Task.CompletedTask;
    }

    public Task MarkDeadLetteredAsync(MemoryNamespace ns, RecordId id, string error, CancellationToken cancellationToken = default)
    {
        RecordFailure(ns, id, IngestStates.DeadLettered, error);
        return Task.CompletedTask;
    }

    public Task<int> RequeueInterruptedAsync(CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        using var requeue = connection.CreateCommand();
        requeue.CommandText = "UPDATE ingest_events SET status = 'queued', updated_at = $now WHERE status = 'processing';";
        requeue.Parameters.AddWithValue("$now", Now());
        return Task.FromResult(requeue.ExecuteNonQuery());
    }

    public Task<QueueCounts> GetCountsAsync(MemoryNamespace ns, CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT status, COUNT(*) FROM ingest_events WHERE namespace = $ns GROUP BY status;";
        count.Parameters.AddWithValue("$ns", ns.Name);
        var counts = new Dictionary<string, long>();
        using var reader = count.ExecuteReader();
        while (reader.Read())
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }

        long Of(string state) => counts.GetValueOrDefault(state);
        return Task.FromResult(new QueueCounts(Of(IngestStates.Queued), Of(IngestStates.Processing), Of(IngestStates.Done), Of(IngestStates.Failed), Of(IngestStates.DeadLettered)));
    }

    public Task<long> CountUnfinishedAsync(CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        using var count = connection.CreateCommand();

        // Served by ingest_events_due, whose first column is the state.
        count.CommandText = "SELECT COUNT(*) FROM ingest_events WHERE status IN ($queued, $processing, $failed);";
        count.Parameters.AddWithValue("$queued", IngestStates.Queued);
        count.Parameters.AddWithValue("$processing", IngestStates.Processing);
        count.Parameters.AddWithValue("$failed", IngestStates.Failed);
        return Task.FromResult((long)count.ExecuteScalar()!);
    }

    public Task<IReadOnlyList<IngestStatus>> ListAsync(MemoryNamespace ns, string? state, int limit, CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        using var list = connection.CreateCommand();
        list.CommandText = $"""
            SELECT {StatusColumns} FROM ingest_events
            WHERE namespace = $ns {(state is null ? string.Empty : "AND status = $state")}
            ORDER BY updated_at DESC LIMIT $limit;
            """;
        list.Parameters.AddWithValue("$ns", ns.Name);
        list.Parameters.AddWithValue("$state", state ?? string.Empty);
        list.Parameters.AddWithValue("$limit", limit);
        var statuses = new List<IngestStatus>();
        using var reader = list.ExecuteReader();
        while (reader.Read())
        {
            statuses.Add(ReadStatus(reader));
        }

        return Task.FromResult<IReadOnlyList<IngestStatus>>(statuses);
    }

    public Task<EventPage> ListEventsAsync(MemoryNamespace ns, EventQuery query, CancellationToken cancellationToken = default)
    {
        // Metadata conditions are matched here rather than in SQL, with the same rule as search filters; rows are read
        // newest first until the page (and one more, to know there is a next page) is full.
        using var connection = database.Open();
        using var list = connection.CreateCommand();
        list.CommandText = $"""
            SELECT {StatusColumns}, metadata, length(text) FROM ingest_events
            WHERE namespace = $ns
              {(query.State is null ? string.Empty : "AND status = $state")}
              {(query.AcceptedAfter is null ? string.Empty : "AND created_at >= $after")}
              {(query.AcceptedBefore is null ? string.Empty : "AND created_at <= $before")}
              {(query.After is null ? string.Empty : "AND (created_at < $cursorAt OR (created_at = $cursorAt AND id_json < $cursorId))")}
            ORDER BY created_at DESC, id_json DESC;
            """;
        list.Parameters.AddWithValue("$ns", ns.Name);
        list.Parameters.AddWithValue("$state", query.State ?? string.Empty);
        list.Parameters.AddWithValue("$after", query.AcceptedAfter?.ToUnixTimeMilliseconds() ?? 0);
        list.Parameters.AddWithValue("$before", query.AcceptedBefore?.ToUnixTimeMilliseconds() ?? 0);
        list.Parameters.AddWithValue("$cursorAt", query.After?.CreatedAt.ToUnixTimeMilliseconds() ?? 0);
        list.Parameters.AddWithValue("$cursorId", query.After?.Id.Json ?? string.Empty);
        var page = new List<EventSummary>(query.Limit);
        using var reader = list.ExecuteReader();
        while (reader.Read())
        {
            var metadata = (JsonObject)JsonNode.Parse(reader.GetString(6))!;
            if (query.Metadata?.Matches(metadata) == false)
            {
                continue;
            }

            if (page.Count == query.Limit)
            {
                var last = page[^1].Status;
                return Task.FromResult(new EventPage(page, new EventCursor(last.CreatedAt, last.Id)));
            }

            page.Add(new EventSummary(ReadStatus(reader), metadata, reader.GetInt32(7)));
        }

        return Task.FromResult(new EventPage(page, null));
    }

    public Task<EventEnvelope?> ReplayAsync(MemoryNamespace ns, RecordId id, CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        using var replay = Command(connection, ns, id, """
            UPDATE ingest_events SET status = 'queued', attempts = 0, published = 0, updated_at = $now
            WHERE namespace = $ns AND id_json = $id AND status = 'dead_lettered'
            RETURNING id_json, text, metadata, correlation_id;
            """);
        using var reader = replay.ExecuteReader();
        return Task.FromResult(reader.Read() ? new EventEnvelope(ns, ReadEvent(reader, 0)) : null);
    }

    public Task<bool> DeleteAsync(MemoryNamespace ns, RecordId id, CancellationToken cancellationToken = default) =>
        Task.FromResult(Update(ns, id, "DELETE FROM ingest_events WHERE namespace = $ns AND id_json = $id;") == 1);

    private void RecordFailure(MemoryNamespace ns, RecordId id, string state, string error)
    {
        using var connection = database.Open();
        using var fail = Command(connection, ns, id, "UPDATE ingest_events SET status = $status, error = $error, updated_at = $now WHERE namespace = $ns AND id_json = $id;");
        fail.Parameters.AddWithValue("$status", state);
        fail.Parameters.AddWithValue("$error", error.Length > MaxErrorLength ? error[..MaxErrorLength] : error);
        fail.ExecuteNonQuery();
    }

    private int Update(MemoryNamespace ns, RecordId id, string sql)
    {
        using var connection = database.Open();
        using var update = Command(connection, ns, id, sql);
        return update.ExecuteNonQuery();
    }

    private SqliteCommand Command(SqliteConnection connection, MemoryNamespace ns, RecordId id, string sql, SqliteTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.AddWithValue("$ns", ns.Name);
        command.Parameters.AddWithValue("$id", id.Json);
        command.Parameters.AddWithValue("$now", Now());
        return command;
    }

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>An event from its id, text, metadata and correlation id columns, the id at <paramref name="idAt"/> and the rest from <paramref name="textAt"/> on.</summary>
    private static IngestEvent ReadEvent(SqliteDataReader reader, int idAt, int? textAt = null)
    {
        var at = textAt ?? idAt + 1;
        return new IngestEvent(
            RecordId.FromStoredJson(reader.GetString(idAt)),
            reader.GetString(at),
            (JsonObject)JsonNode.Parse(reader.GetString(at + 1))!,
            reader.IsDBNull(at + 2) ? null : reader.GetString(at + 2));
    }

    private static IngestStatus ReadStatus(SqliteDataReader reader) => new(
        RecordId.FromStoredJson(reader.GetString(0)),
        reader.GetString(1),
        reader.GetInt32(2),
        reader.IsDBNull(3) ? null : reader.GetString(3),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)));

    public Task<EngineDescription> DescribeAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(database.Describe("SQLite event store", ("events", "SELECT count(*) FROM ingest_events;")));
}
