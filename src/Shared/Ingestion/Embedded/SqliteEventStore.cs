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
    private const string StatusColumns = "id_json, status, attempts, error, created_at, updated_at, version";

    public Task<EnqueueResult> AcceptAsync(MemoryNamespace ns, IngestEvent ingestEvent, CancellationToken cancellationToken = default)
    {
        var hash = Hash(ingestEvent.Text);
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        RefuseWhileCleaning(connection, transaction, ns, ingestEvent.Id);
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
        if (reader.GetString(7) != hash)
        {
            throw new ConflictException($"Event {ingestEvent.Id} was already accepted with a different text; PUT /ingest/{{id}} replaces it.");
        }

        var result = new EnqueueResult(ReadStatus(reader), AlreadyAccepted: !inserted, Published: reader.GetInt64(8) == 1);
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
        using var read = Command(connection, ns, id, $"SELECT {StatusColumns} FROM ingest_events WHERE namespace = $ns AND id_json = $id AND replaces IS NULL;");
        using var reader = read.ExecuteReader();
        if (!reader.Read())
        {
            return Task.FromResult<IngestStatus?>(null);
        }

        var status = ReadStatus(reader);
        reader.Close();
        using var pending = Command(connection, ns, id, "SELECT version, status, attempts, error, updated_at FROM ingest_events WHERE namespace = $ns AND replaces = $id;");
        using var pendingReader = pending.ExecuteReader();
        return Task.FromResult<IngestStatus?>(pendingReader.Read()
            ? status with
            {
                Replacement = new ReplacementStatus(
                    pendingReader.GetInt32(0),
                    pendingReader.GetString(1),
                    pendingReader.GetInt32(2),
                    pendingReader.IsDBNull(3) ? null : pendingReader.GetString(3),
                    DateTimeOffset.FromUnixTimeMilliseconds(pendingReader.GetInt64(4))),
            }
            : status);
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
                events.Add(new SourceEvent(ReadEvent(reader, 0, textAt: 7), ReadStatus(reader)));
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
        foreach (var key in ids.Where(id => IndexKeys.Parse(id).Version > 1))
        {
            Promote(connection, transaction, ns, key);
        }

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

    public Task<IReadOnlyList<MemoryNamespace>> ListNamespacesAsync(CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        using var list = connection.CreateCommand();
        list.CommandText = "SELECT DISTINCT namespace FROM ingest_events ORDER BY namespace;";
        var found = new List<MemoryNamespace>();
        using var reader = list.ExecuteReader();
        while (reader.Read())
        {
            found.Add(MemoryNamespace.FromStored(reader.GetString(0)));
        }

        return Task.FromResult<IReadOnlyList<MemoryNamespace>>(found);
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
            WHERE namespace = $ns AND replaces IS NULL {(state is null ? string.Empty : "AND status = $state")}
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
            WHERE namespace = $ns AND replaces IS NULL
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
            var metadata = (JsonObject)JsonNode.Parse(reader.GetString(7))!;
            if (query.Metadata?.Matches(metadata) == false)
            {
                continue;
            }

            if (page.Count == query.Limit)
            {
                var last = page[^1].Status;
                return Task.FromResult(new EventPage(page, new EventCursor(last.CreatedAt, last.Id)));
            }

            page.Add(new EventSummary(ReadStatus(reader), metadata, reader.GetInt32(8)));
        }

        return Task.FromResult(new EventPage(page, null));
    }

    public Task<EventEnvelope?> ReplayAsync(MemoryNamespace ns, RecordId id, CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        using var replay = Command(connection, ns, id, """
            UPDATE ingest_events SET status = 'queued', attempts = 0, published = 0, updated_at = $now
            WHERE namespace = $ns AND id_json = $id AND status = 'dead_lettered' AND replaces IS NULL
            RETURNING id_json, text, metadata, correlation_id;
            """);
        using var reader = replay.ExecuteReader();
        return Task.FromResult(reader.Read() ? new EventEnvelope(ns, ReadEvent(reader, 0)) : null);
    }

    public async Task<ReplaceResult> ReplaceAsync(MemoryNamespace ns, IngestEvent replacement, CancellationToken cancellationToken = default)
    {
        var (unchanged, toPublish) = Replace(ns, replacement);
        var status = await GetStatusAsync(ns, replacement.Id, cancellationToken).ConfigureAwait(false);
        return new ReplaceResult(status!, unchanged, toPublish);
    }

    private (bool Unchanged, EventEnvelope? ToPublish) Replace(MemoryNamespace ns, IngestEvent replacement)
    {
        var id = replacement.Id;
        var hash = Hash(replacement.Text);
        EventEnvelope? toPublish = null;
        {
            using var connection = database.Open();
            using var transaction = connection.BeginTransaction();
            using var readCurrent = Command(connection, ns, id, "SELECT status, version, text_sha256, created_at FROM ingest_events WHERE namespace = $ns AND id_json = $id AND replaces IS NULL;", transaction);
            using var current = readCurrent.ExecuteReader();
            if (!current.Read())
            {
                throw new NotFoundException($"No ingestion event with id {id}.");
            }

            var (state, version, currentHash, createdAt) = (current.GetString(0), current.GetInt32(1), current.GetString(2), current.GetInt64(3));
            current.Close();
            using var readPending = Command(connection, ns, id, "SELECT id_json, status, version, text_sha256, published, text, metadata, correlation_id FROM ingest_events WHERE namespace = $ns AND replaces = $id;", transaction);
            using var pending = readPending.ExecuteReader();
            var pendingRow = pending.Read()
                ? (Key: RecordId.FromStoredJson(pending.GetString(0)), State: pending.GetString(1), Version: pending.GetInt32(2), Hash: pending.GetString(3), Published: pending.GetInt64(4) == 1,
                   Event: new IngestEvent(RecordId.FromStoredJson(pending.GetString(0)), pending.GetString(5), (JsonObject)JsonNode.Parse(pending.GetString(6))!, pending.IsDBNull(7) ? null : pending.GetString(7)))
                : default((RecordId Key, string State, int Version, string Hash, bool Published, IngestEvent Event)?);
            pending.Close();

            var decision = ReplacementRules.Decide(id, state, currentHash, pendingRow?.State, pendingRow?.Hash, hash);
            if (decision == ReplacementRules.Outcome.SameAsPending)
            {
                toPublish = pendingRow!.Value.Published ? null : new EventEnvelope(ns, pendingRow.Value.Event);
            }
            else if (decision == ReplacementRules.Outcome.NewVersion)
            {
                if (pendingRow is { } superseded)
                {
                    using var drop = Command(connection, ns, superseded.Key, "DELETE FROM ingest_events WHERE namespace = $ns AND id_json = $id;", transaction);
                    drop.ExecuteNonQuery();
                    RecordCleanup(connection, transaction, ns, superseded.Key);
                }

                var next = Math.Max(version, pendingRow?.Version ?? 0) + 1;
                while (IsCleaning(connection, transaction, ns, IndexKeys.For(id, next)))
                {
                    next++;
                }

                var key = IndexKeys.For(id, next);
                using var insert = Command(connection, ns, key, """
                    INSERT INTO ingest_events(namespace, id_json, text, text_sha256, metadata, correlation_id, status, created_at, updated_at, published, version, replaces)
                    VALUES ($ns, $id, $text, $hash, $metadata, $correlation, 'queued', $created, $now, 0, $version, $replaces);
                    """, transaction);
                insert.Parameters.AddWithValue("$text", replacement.Text);
                insert.Parameters.AddWithValue("$hash", hash);
                insert.Parameters.AddWithValue("$metadata", replacement.Metadata.ToJsonString());
                insert.Parameters.AddWithValue("$correlation", (object?)replacement.CorrelationId ?? DBNull.Value);
                insert.Parameters.AddWithValue("$created", createdAt);
                insert.Parameters.AddWithValue("$version", next);
                insert.Parameters.AddWithValue("$replaces", id.Json);
                insert.ExecuteNonQuery();
                toPublish = new EventEnvelope(ns, replacement with { Id = key });
            }

            transaction.Commit();
            return (decision != ReplacementRules.Outcome.NewVersion, toPublish);
        }
    }

    public Task<IReadOnlyDictionary<RecordId, int>> GetVersionsAsync(MemoryNamespace ns, IReadOnlyCollection<RecordId> ids, CancellationToken cancellationToken = default)
    {
        var versions = new Dictionary<RecordId, int>(ids.Count);
        using var connection = database.Open();
        using var read = connection.CreateCommand();
        // A deleted event's id still recorded for cleanup answers 0 from the same read: its leftovers show as no version.
        read.CommandText = """
            SELECT coalesce(
                (SELECT version FROM ingest_events WHERE namespace = $ns AND id_json = $id AND replaces IS NULL),
                (SELECT 0 FROM index_cleanups WHERE namespace = $ns AND key_json = $id));
            """;
        read.Parameters.AddWithValue("$ns", ns.Name);
        var idParameter = read.Parameters.Add("$id", SqliteType.Text);
        foreach (var id in ids.Distinct())
        {
            idParameter.Value = id.Json;
            if (read.ExecuteScalar() is long version)
            {
                versions[id] = (int)version;
            }
        }

        return Task.FromResult<IReadOnlyDictionary<RecordId, int>>(versions);
    }

    public Task<IReadOnlyList<RecordId>?> DeleteAsync(MemoryNamespace ns, RecordId id, string deletedBy, CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        using var delete = Command(connection, ns, id, "DELETE FROM ingest_events WHERE namespace = $ns AND (id_json = $id OR replaces = $id) RETURNING id_json, version, replaces;", transaction);
        var keys = new List<RecordId>();
        using (var reader = delete.ExecuteReader())
        {
            while (reader.Read())
            {
                keys.Add(reader.IsDBNull(2) ? IndexKeys.For(id, reader.GetInt32(1)) : RecordId.FromStoredJson(reader.GetString(0)));
            }
        }

        if (keys.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<RecordId>?>(null);
        }

        foreach (var key in keys)
        {
            RecordCleanup(connection, transaction, ns, key);
        }

        using var audit = Command(connection, ns, id, "INSERT INTO event_deletions(namespace, id_json, deleted_by, deleted_at) VALUES ($ns, $id, $by, $now);", transaction);
        audit.Parameters.AddWithValue("$by", deletedBy);
        audit.ExecuteNonQuery();
        transaction.Commit();
        return Task.FromResult<IReadOnlyList<RecordId>?>(keys);
    }

    public Task<IReadOnlyList<IndexCleanup>> ListCleanupsAsync(int limit, CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        using var list = connection.CreateCommand();
        list.CommandText = "SELECT namespace, key_json, attempts, error FROM index_cleanups ORDER BY created_at, rowid LIMIT $limit;";
        list.Parameters.AddWithValue("$limit", limit);
        var cleanups = new List<IndexCleanup>();
        using var reader = list.ExecuteReader();
        while (reader.Read())
        {
            cleanups.Add(new IndexCleanup(MemoryNamespace.FromStored(reader.GetString(0)), RecordId.FromStoredJson(reader.GetString(1)), reader.GetInt32(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
        }

        return Task.FromResult<IReadOnlyList<IndexCleanup>>(cleanups);
    }

    public Task CompleteCleanupAsync(MemoryNamespace ns, RecordId key, CancellationToken cancellationToken = default)
    {
        Update(ns, key, "DELETE FROM index_cleanups WHERE namespace = $ns AND key_json = $id;");
        return Task.CompletedTask;
    }

    public Task MarkCleanupFailedAsync(MemoryNamespace ns, RecordId key, string error, CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        using var fail = Command(connection, ns, key, "UPDATE index_cleanups SET attempts = attempts + 1, error = $error WHERE namespace = $ns AND key_json = $id;");
        fail.Parameters.AddWithValue("$error", error.Length > MaxErrorLength ? error[..MaxErrorLength] : error);
        fail.ExecuteNonQuery();
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<EventDeletionRecord>> ListDeletionsAsync(int limit, CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        using var list = connection.CreateCommand();
        list.CommandText = "SELECT namespace, id_json, deleted_by, deleted_at FROM event_deletions ORDER BY seq DESC LIMIT $limit;";
        list.Parameters.AddWithValue("$limit", limit);
        var deletions = new List<EventDeletionRecord>();
        using var reader = list.ExecuteReader();
        while (reader.Read())
        {
            deletions.Add(new EventDeletionRecord(MemoryNamespace.FromStored(reader.GetString(0)), RecordId.FromStoredJson(reader.GetString(1)), reader.GetString(2), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3))));
        }

        return Task.FromResult<IReadOnlyList<EventDeletionRecord>>(deletions);
    }

    /// <summary>The swap of <see cref="MarkDoneAsync"/> for one replacement; nothing when it is gone (deleted or superseded).</summary>
    private void Promote(SqliteConnection connection, SqliteTransaction transaction, MemoryNamespace ns, RecordId key)
    {
        using var read = Command(connection, ns, key, "SELECT replaces, version FROM ingest_events WHERE namespace = $ns AND id_json = $id AND replaces IS NOT NULL;", transaction);
        using var reader = read.ExecuteReader();
        if (!reader.Read())
        {
            return;
        }

        var eventId = RecordId.FromStoredJson(reader.GetString(0));
        reader.Close();
        using var readVersion = Command(connection, ns, eventId, "SELECT version FROM ingest_events WHERE namespace = $ns AND id_json = $id AND replaces IS NULL;", transaction);
        var previous = Convert.ToInt32(readVersion.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        using var swap = Command(connection, ns, key, """
            UPDATE ingest_events SET (text, text_sha256, metadata, correlation_id, version, attempts, status, error, updated_at) =
                (SELECT r.text, r.text_sha256, r.metadata, r.correlation_id, r.version, r.attempts, 'done', NULL, $now
                 FROM ingest_events r WHERE r.namespace = $ns AND r.id_json = $id)
            WHERE namespace = $ns AND id_json = $event;
            DELETE FROM ingest_events WHERE namespace = $ns AND id_json = $id;
            """, transaction);
        swap.Parameters.AddWithValue("$event", eventId.Json);
        swap.ExecuteNonQuery();
        RecordCleanup(connection, transaction, ns, IndexKeys.For(eventId, previous));
    }

    private void RecordCleanup(SqliteConnection connection, SqliteTransaction transaction, MemoryNamespace ns, RecordId key)
    {
        using var record = Command(connection, ns, key, "INSERT INTO index_cleanups(namespace, key_json, created_at) VALUES ($ns, $id, $now) ON CONFLICT DO NOTHING;", transaction);
        record.ExecuteNonQuery();
    }

    private bool IsCleaning(SqliteConnection connection, SqliteTransaction transaction, MemoryNamespace ns, RecordId key)
    {
        using var exists = Command(connection, ns, key, "SELECT EXISTS (SELECT 1 FROM index_cleanups WHERE namespace = $ns AND key_json = $id);", transaction);
        return Convert.ToInt64(exists.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 1;
    }

    /// <summary>
    /// A new event under an id whose previous event's index rows are still being swept would lose its own rows to the
    /// sweep, so it waits (409) until they are gone.
    /// </summary>
    private void RefuseWhileCleaning(SqliteConnection connection, SqliteTransaction transaction, MemoryNamespace ns, RecordId id)
    {
        using var known = Command(connection, ns, id, "SELECT EXISTS (SELECT 1 FROM ingest_events WHERE namespace = $ns AND id_json = $id);", transaction);
        if (Convert.ToInt64(known.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0 && IsCleaning(connection, transaction, ns, id))
        {
            throw new ConflictException($"Event {id} was deleted and its index rows are still being removed; submit it again in a moment.");
        }
    }

    private static string Hash(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

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
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
        reader.GetInt32(6));

    public Task<EngineDescription> DescribeAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(database.Describe("SQLite event store", ("events", "SELECT count(*) FROM ingest_events;")));
}
