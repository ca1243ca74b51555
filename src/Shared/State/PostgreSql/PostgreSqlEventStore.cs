using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Npgsql;
using RagMemory.Engines;
using RagMemory.Errors;
using RagMemory.Ingestion;
using RagMemory.Namespaces;

namespace RagMemory.State.PostgreSql;

/// <summary>
/// The event store shared by every replica: one row per event in <c>ingest_events</c>, keyed by namespace and id,
/// committed before <c>POST /ingest/</c> answers. Each change of state is one statement, so no decision is taken on a
/// value read earlier, whichever replica takes it.
/// </summary>
public sealed class PostgreSqlEventStore(PostgreSqlDatabase database, TimeProvider time) : IEventStore, IDescribesEngine
{
    private const int MaxErrorLength = 2000;
    private const string StatusColumns = "id_json, status, attempts, error, created_at, updated_at, version";
    private const string EventColumns = "id_json, text, metadata, correlation_id";

    public async Task<EnqueueResult> AcceptAsync(MemoryNamespace ns, IngestEvent ingestEvent, CancellationToken cancellationToken = default)
    {
        var hash = Hash(ingestEvent.Text);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await RefuseWhileCleaningAsync(connection, ns, ingestEvent.Id, cancellationToken).ConfigureAwait(false);

        // Two statements in one round trip: under READ COMMITTED the read sees the row whichever replica inserted it
        // (an insert that meets another's uncommitted row waits for it).
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("""
                    INSERT INTO ingest_events(namespace, id_json, text, text_sha256, metadata, correlation_id, status, created_at, updated_at)
                    VALUES ($1, $2, $3, $4, $5, $6, 'queued', $7, $7)
                    ON CONFLICT (namespace, id_json) DO NOTHING RETURNING 1;
                    """)
                {
                    Parameters =
                    {
                        new() { Value = ns.Name }, new() { Value = ingestEvent.Id.Json }, new() { Value = ingestEvent.Text }, new() { Value = hash },
                        new() { Value = ingestEvent.Metadata.ToJsonString() }, new() { Value = (object?)ingestEvent.CorrelationId ?? DBNull.Value }, new() { Value = Now() },
                    },
                },
                new NpgsqlBatchCommand($"SELECT {StatusColumns}, text_sha256, published FROM ingest_events WHERE namespace = $1 AND id_json = $2;")
                {
                    Parameters = { new() { Value = ns.Name }, new() { Value = ingestEvent.Id.Json } },
                },
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var inserted = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        if (reader.GetString(7) != hash)
        {
            throw new ConflictException($"Event {ingestEvent.Id} was already accepted with a different text; PUT /ingest/{{id}} replaces it.");
        }

        return new EnqueueResult(ReadStatus(reader), AlreadyAccepted: !inserted, Published: reader.GetBoolean(8));
    }

    public Task MarkPublishedAsync(MemoryNamespace ns, RecordId id, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync("UPDATE ingest_events SET published = true WHERE namespace = $1 AND id_json = $2;", cancellationToken, ns.Name, id.Json);

    public async Task<IReadOnlyList<EventEnvelope>> ListUnpublishedAsync(DateTimeOffset unchangedSince, int limit, CancellationToken cancellationToken = default) =>
        await database.QueryAsync(
            $"SELECT namespace, {EventColumns} FROM ingest_events WHERE NOT published AND updated_at <= $1 ORDER BY created_at, seq LIMIT $2;",
            r => new EventEnvelope(MemoryNamespace.FromStored(r.GetString(0)), ReadEvent(r, 1)),
            cancellationToken,
            unchangedSince.ToUniversalTime(),
            limit).ConfigureAwait(false);

    public async Task<IngestStatus?> GetStatusAsync(MemoryNamespace ns, RecordId id, CancellationToken cancellationToken = default)
    {
        // The event's row and its replacement's in one statement, the event's first.
        var rows = await database.QueryAsync(
            $"SELECT {StatusColumns}, replaces IS NOT NULL FROM ingest_events WHERE namespace = $1 AND (id_json = $2 AND replaces IS NULL OR replaces = $2) ORDER BY replaces IS NOT NULL;",
            r => (Status: ReadStatus(r), IsReplacement: r.GetBoolean(7)),
            cancellationToken,
            ns.Name,
            id.Json).ConfigureAwait(false);
        if (rows.Count == 0 || rows[0].IsReplacement)
        {
            return null;
        }

        return rows.Count == 1 ? rows[0].Status : rows[0].Status with
        {
            Replacement = new ReplacementStatus(rows[1].Status.Version, rows[1].Status.State, rows[1].Status.Attempts, rows[1].Status.Error, rows[1].Status.UpdatedAt),
        };
    }

    public async Task<SourceEvent?> GetEventAsync(MemoryNamespace ns, RecordId id, CancellationToken cancellationToken = default) =>
        (await GetEventsAsync(ns, [id], cancellationToken).ConfigureAwait(false)).SingleOrDefault();

    public async Task<IReadOnlyList<SourceEvent>> GetEventsAsync(MemoryNamespace ns, IReadOnlyCollection<RecordId> ids, CancellationToken cancellationToken = default)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        // An array parameter: one statement for any number of ids, without a parameter limit.
        return await database.QueryAsync($"SELECT {StatusColumns}, text, metadata, correlation_id FROM ingest_events WHERE namespace = $1 AND id_json = ANY($2);", r => new SourceEvent(ReadEvent(r, 0, textAt: 7), ReadStatus(r)), cancellationToken, ns.Name, Json(ids)).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<IngestStatus>> StartAttemptsAsync(MemoryNamespace ns, IReadOnlyList<RecordId> ids, CancellationToken cancellationToken = default)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        var started = await database.QueryAsync($"""
            UPDATE ingest_events SET status = 'processing', attempts = attempts + 1, updated_at = $3
            WHERE namespace = $1 AND id_json = ANY($2) AND status IN ('queued', 'failed', 'processing')
            RETURNING {StatusColumns};
            """, ReadStatus, cancellationToken, ns.Name, Json(ids), Now()).ConfigureAwait(false);

        // In the order asked, as the worker batches them.
        var order = ids.Select((id, at) => (id, at)).GroupBy(p => p.id).ToDictionary(g => g.Key, g => g.First().at);
        return started.OrderBy(s => order[s.Id]).ToList();
    }

    public async Task MarkDoneAsync(MemoryNamespace ns, IReadOnlyList<RecordId> ids, CancellationToken cancellationToken = default)
    {
        foreach (var key in ids.Where(id => IndexKeys.Parse(id).Version > 1))
        {
            await PromoteAsync(ns, key, cancellationToken).ConfigureAwait(false);
        }

        var events = ids.Where(id => IndexKeys.Parse(id).Version == 1).ToList();
        if (events.Count > 0)
        {
            await database.ExecuteAsync("UPDATE ingest_events SET status = 'done', error = NULL, updated_at = $3 WHERE namespace = $1 AND id_json = ANY($2);", cancellationToken, ns.Name, Json(events), Now()).ConfigureAwait(false);
        }
    }

    public Task MarkFailedAsync(MemoryNamespace ns, RecordId id, string error, CancellationToken cancellationToken = default) =>
        RecordFailureAsync(ns, id, IngestStates.Failed, error, cancellationToken);

    public Task MarkDeadLetteredAsync(MemoryNamespace ns, RecordId id, string error, CancellationToken cancellationToken = default) =>
        RecordFailureAsync(ns, id, IngestStates.DeadLettered, error, cancellationToken);

    public Task<int> RequeueInterruptedAsync(CancellationToken cancellationToken = default) =>
        database.ExecuteAsync("UPDATE ingest_events SET status = 'queued', updated_at = $1 WHERE status = 'processing';", cancellationToken, Now());

    public async Task<IReadOnlyList<MemoryNamespace>> ListNamespacesAsync(CancellationToken cancellationToken = default) =>
        await database.QueryAsync("SELECT DISTINCT namespace FROM ingest_events ORDER BY namespace;", r => MemoryNamespace.FromStored(r.GetString(0)), cancellationToken).ConfigureAwait(false);

    public async Task<QueueCounts> GetCountsAsync(MemoryNamespace ns, CancellationToken cancellationToken = default)
    {
        var counts = (await database.QueryAsync("SELECT status, COUNT(*) FROM ingest_events WHERE namespace = $1 GROUP BY status;", r => (State: r.GetString(0), Count: r.GetInt64(1)), cancellationToken, ns.Name).ConfigureAwait(false))
            .ToDictionary(c => c.State, c => c.Count);
        long Of(string state) => counts.GetValueOrDefault(state);
        return new QueueCounts(Of(IngestStates.Queued), Of(IngestStates.Processing), Of(IngestStates.Done), Of(IngestStates.Failed), Of(IngestStates.DeadLettered));
    }

    public async Task<long> CountUnfinishedAsync(CancellationToken cancellationToken = default)
    {
        // Served by the partial index ingest_events_unfinished (migration step 2), which holds only these rows.
        var counts = await database.QueryAsync(
            "SELECT COUNT(*) FROM ingest_events WHERE status IN ('queued', 'processing', 'failed');",
            r => r.GetInt64(0), cancellationToken).ConfigureAwait(false);
        return counts[0];
    }

    public async Task<IReadOnlyList<IngestStatus>> ListAsync(MemoryNamespace ns, string? state, int limit, CancellationToken cancellationToken = default)
    {
        return await database.QueryAsync($"""
            SELECT {StatusColumns} FROM ingest_events
            WHERE namespace = $1 AND replaces IS NULL AND ($2::text IS NULL OR status = $2)
            ORDER BY updated_at DESC, seq DESC LIMIT $3;
            """, ReadStatus, cancellationToken, ns.Name, state, limit).ConfigureAwait(false);
    }

    public async Task<EventPage> ListEventsAsync(MemoryNamespace ns, EventQuery query, CancellationToken cancellationToken = default)
    {
        // Metadata conditions are matched here with the search filters' rule, as on SQLite; without them the database
        // stops at the page and one more row (which says there is a next page).
        var rows = await database.QueryAsync($"""
            SELECT {StatusColumns}, metadata, length(text) FROM ingest_events
            WHERE namespace = $1 AND replaces IS NULL AND ($2::text IS NULL OR status = $2)
              AND ($3::timestamptz IS NULL OR created_at >= $3) AND ($4::timestamptz IS NULL OR created_at <= $4)
              AND ($5::timestamptz IS NULL OR created_at < $5 OR (created_at = $5 AND id_json < $6))
            ORDER BY created_at DESC, id_json DESC
            LIMIT $7;
            """,
            r => new EventSummary(ReadStatus(r), (JsonObject)JsonNode.Parse(r.GetString(7))!, r.GetInt32(8)),
            cancellationToken,
            ns.Name,
            query.State,
            // Npgsql takes a timestamptz only at offset zero.
            query.AcceptedAfter?.ToUniversalTime(),
            query.AcceptedBefore?.ToUniversalTime(),
            query.After?.CreatedAt.ToUniversalTime(),
            query.After?.Id.Json ?? string.Empty,
            query.Metadata is null ? query.Limit + 1 : (object)DBNull.Value).ConfigureAwait(false);
        var matching = rows.Where(r => query.Metadata?.Matches(r.Metadata) != false).Take(query.Limit + 1).ToList();
        if (matching.Count <= query.Limit)
        {
            return new EventPage(matching, null);
        }

        var page = matching[..query.Limit];
        return new EventPage(page, new EventCursor(page[^1].Status.CreatedAt, page[^1].Status.Id));
    }

    public async Task<EventEnvelope?> ReplayAsync(MemoryNamespace ns, RecordId id, CancellationToken cancellationToken = default)
    {
        return (await database.QueryAsync($"""
            UPDATE ingest_events SET status = 'queued', attempts = 0, published = false, updated_at = $3
            WHERE namespace = $1 AND id_json = $2 AND status = 'dead_lettered' AND replaces IS NULL
            RETURNING {EventColumns};
            """, r => new EventEnvelope(ns, ReadEvent(r, 0)), cancellationToken, ns.Name, id.Json, Now()).ConfigureAwait(false)).SingleOrDefault();
    }

    public async Task<ReplaceResult> ReplaceAsync(MemoryNamespace ns, IngestEvent replacement, CancellationToken cancellationToken = default)
    {
        var id = replacement.Id;
        var hash = Hash(replacement.Text);
        EventEnvelope? toPublish = null;
        ReplacementRules.Outcome decision;
        await using (var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
        {
            // The event's row locked: two replicas replacing one event at once take turns.
            var current = (await QueryAsync(connection, transaction, "SELECT status, version, text_sha256, created_at FROM ingest_events WHERE namespace = $1 AND id_json = $2 AND replaces IS NULL FOR UPDATE;",
                r => (State: r.GetString(0), Version: r.GetInt32(1), Hash: r.GetString(2), CreatedAt: r.GetFieldValue<DateTimeOffset>(3)), cancellationToken, ns.Name, id.Json).ConfigureAwait(false))
                .Cast<(string State, int Version, string Hash, DateTimeOffset CreatedAt)?>().SingleOrDefault()
                ?? throw new NotFoundException($"No ingestion event with id {id}.");
            var pending = (await QueryAsync(connection, transaction, $"SELECT status, version, text_sha256, published, {EventColumns} FROM ingest_events WHERE namespace = $1 AND replaces = $2;",
                r => (State: r.GetString(0), Version: r.GetInt32(1), Hash: r.GetString(2), Published: r.GetBoolean(3), Event: ReadEvent(r, 4)), cancellationToken, ns.Name, id.Json).ConfigureAwait(false))
                .Cast<(string State, int Version, string Hash, bool Published, IngestEvent Event)?>().SingleOrDefault();

            decision = ReplacementRules.Decide(id, current.State, current.Hash, pending?.State, pending?.Hash, hash);
            if (decision == ReplacementRules.Outcome.SameAsPending)
            {
                toPublish = pending!.Value.Published ? null : new EventEnvelope(ns, pending.Value.Event);
            }
            else if (decision == ReplacementRules.Outcome.NewVersion)
            {
                if (pending is { } superseded)
                {
                    await ExecuteAsync(connection, transaction, "DELETE FROM ingest_events WHERE namespace = $1 AND id_json = $2;", cancellationToken, ns.Name, superseded.Event.Id.Json).ConfigureAwait(false);
                    await RecordCleanupAsync(connection, transaction, ns, superseded.Event.Id, cancellationToken).ConfigureAwait(false);
                }

                var next = Math.Max(current.Version, pending?.Version ?? 0) + 1;
                while (await IsCleaningAsync(connection, transaction, ns, IndexKeys.For(id, next), cancellationToken).ConfigureAwait(false))
                {
                    next++;
                }

                var key = IndexKeys.For(id, next);
                await ExecuteAsync(connection, transaction, """
                    INSERT INTO ingest_events(namespace, id_json, text, text_sha256, metadata, correlation_id, status, created_at, updated_at, version, replaces)
                    VALUES ($1, $2, $3, $4, $5, $6, 'queued', $7, $8, $9, $10);
                    """, cancellationToken, ns.Name, key.Json, replacement.Text, hash, replacement.Metadata.ToJsonString(), replacement.CorrelationId, current.CreatedAt, Now(), next, id.Json).ConfigureAwait(false);
                toPublish = new EventEnvelope(ns, replacement with { Id = key });
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        var status = await GetStatusAsync(ns, id, cancellationToken).ConfigureAwait(false);
        return new ReplaceResult(status!, decision != ReplacementRules.Outcome.NewVersion, toPublish);
    }

    public async Task<IReadOnlyDictionary<RecordId, int>> GetVersionsAsync(MemoryNamespace ns, IReadOnlyCollection<RecordId> ids, CancellationToken cancellationToken = default)
    {
        if (ids.Count == 0)
        {
            return new Dictionary<RecordId, int>();
        }

        // A deleted event's id still recorded for cleanup answers 0 from the same round trip: its leftovers show as no version.
        return (await database.QueryAsync(
                """
                SELECT id_json, version FROM ingest_events WHERE namespace = $1 AND id_json = ANY($2) AND replaces IS NULL
                UNION ALL
                SELECT c.key_json, 0 FROM index_cleanups c WHERE c.namespace = $1 AND c.key_json = ANY($2)
                AND NOT EXISTS (SELECT 1 FROM ingest_events e WHERE e.namespace = $1 AND e.id_json = c.key_json AND e.replaces IS NULL);
                """,
                r => (Id: RecordId.FromStoredJson(r.GetString(0)), Version: r.GetInt32(1)),
                cancellationToken,
                ns.Name,
                Json(ids)).ConfigureAwait(false))
            .ToDictionary(r => r.Id, r => r.Version);
    }

    public async Task<IReadOnlyList<RecordId>?> DeleteAsync(MemoryNamespace ns, RecordId id, string deletedBy, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var keys = await QueryAsync(connection, transaction, "DELETE FROM ingest_events WHERE namespace = $1 AND (id_json = $2 OR replaces = $2) RETURNING id_json, version, replaces IS NOT NULL;",
            r => r.GetBoolean(2) ? RecordId.FromStoredJson(r.GetString(0)) : IndexKeys.For(id, r.GetInt32(1)), cancellationToken, ns.Name, id.Json).ConfigureAwait(false);
        if (keys.Count == 0)
        {
            return null;
        }

        foreach (var key in keys)
        {
            await RecordCleanupAsync(connection, transaction, ns, key, cancellationToken).ConfigureAwait(false);
        }

        await ExecuteAsync(connection, transaction, "INSERT INTO event_deletions(namespace, id_json, deleted_by, deleted_at) VALUES ($1, $2, $3, $4);", cancellationToken, ns.Name, id.Json, deletedBy, Now()).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return keys;
    }

    public async Task<IReadOnlyList<IndexCleanup>> ListCleanupsAsync(int limit, CancellationToken cancellationToken = default) =>
        await database.QueryAsync(
            "SELECT namespace, key_json, attempts, error FROM index_cleanups ORDER BY created_at, key_json LIMIT $1;",
            r => new IndexCleanup(MemoryNamespace.FromStored(r.GetString(0)), RecordId.FromStoredJson(r.GetString(1)), r.GetInt32(2), r.IsDBNull(3) ? null : r.GetString(3)),
            cancellationToken,
            limit).ConfigureAwait(false);

    public Task CompleteCleanupAsync(MemoryNamespace ns, RecordId key, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync("DELETE FROM index_cleanups WHERE namespace = $1 AND key_json = $2;", cancellationToken, ns.Name, key.Json);

    public Task MarkCleanupFailedAsync(MemoryNamespace ns, RecordId key, string error, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync("UPDATE index_cleanups SET attempts = attempts + 1, error = $3 WHERE namespace = $1 AND key_json = $2;", cancellationToken, ns.Name, key.Json, error.Length > MaxErrorLength ? error[..MaxErrorLength] : error);

    public async Task<IReadOnlyList<EventDeletionRecord>> ListDeletionsAsync(int limit, CancellationToken cancellationToken = default) =>
        await database.QueryAsync(
            "SELECT namespace, id_json, deleted_by, deleted_at FROM event_deletions ORDER BY seq DESC LIMIT $1;",
            r => new EventDeletionRecord(MemoryNamespace.FromStored(r.GetString(0)), RecordId.FromStoredJson(r.GetString(1)), r.GetString(2), r.GetFieldValue<DateTimeOffset>(3)),
            cancellationToken,
            limit).ConfigureAwait(false);

    /// <summary>The swap of <see cref="MarkDoneAsync"/> for one replacement, in one transaction; nothing when it is gone (deleted or superseded).</summary>
    private async Task PromoteAsync(MemoryNamespace ns, RecordId key, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var replaced = (await QueryAsync(connection, transaction, """
            SELECT e.id_json, e.version FROM ingest_events e JOIN ingest_events r ON r.namespace = e.namespace AND r.replaces = e.id_json
            WHERE r.namespace = $1 AND r.id_json = $2 FOR UPDATE OF e;
            """, r => (Id: RecordId.FromStoredJson(r.GetString(0)), Version: r.GetInt32(1)), cancellationToken, ns.Name, key.Json).ConfigureAwait(false)).ToList();
        if (replaced.Count == 0)
        {
            return;
        }

        await ExecuteAsync(connection, transaction, """
            UPDATE ingest_events e SET text = r.text, text_sha256 = r.text_sha256, metadata = r.metadata, correlation_id = r.correlation_id,
                version = r.version, attempts = r.attempts, status = 'done', error = NULL, updated_at = $4
            FROM ingest_events r WHERE r.namespace = $1 AND r.id_json = $2 AND e.namespace = $1 AND e.id_json = $3;
            """, cancellationToken, ns.Name, key.Json, replaced[0].Id.Json, Now()).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, "DELETE FROM ingest_events WHERE namespace = $1 AND id_json = $2;", cancellationToken, ns.Name, key.Json).ConfigureAwait(false);
        await RecordCleanupAsync(connection, transaction, ns, IndexKeys.For(replaced[0].Id, replaced[0].Version), cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private Task RecordCleanupAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, MemoryNamespace ns, RecordId key, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, transaction, "INSERT INTO index_cleanups(namespace, key_json, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING;", cancellationToken, ns.Name, key.Json, Now());

    private static async Task<bool> IsCleaningAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, MemoryNamespace ns, RecordId key, CancellationToken cancellationToken) =>
        (await QueryAsync(connection, transaction, "SELECT 1 FROM index_cleanups WHERE namespace = $1 AND key_json = $2;", _ => true, cancellationToken, ns.Name, key.Json).ConfigureAwait(false)).Count > 0;

    /// <summary>
    /// A new event under an id whose previous event's index rows are still being swept would lose its own rows to the
    /// sweep, so it waits (409) until they are gone.
    /// </summary>
    private static async Task RefuseWhileCleaningAsync(NpgsqlConnection connection, MemoryNamespace ns, RecordId id, CancellationToken cancellationToken)
    {
        var known = (await QueryAsync(connection, null, "SELECT 1 FROM ingest_events WHERE namespace = $1 AND id_json = $2;", _ => true, cancellationToken, ns.Name, id.Json).ConfigureAwait(false)).Count > 0;
        if (!known && await IsCleaningAsync(connection, null, ns, id, cancellationToken).ConfigureAwait(false))
        {
            throw new ConflictException($"Event {id} was deleted and its index rows are still being removed; submit it again in a moment.");
        }
    }

    private static async Task<List<T>> QueryAsync<T>(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken, params object?[] values)
    {
        await using var command = Bind(new NpgsqlCommand(sql, connection, transaction), values);
        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken, params object?[] values)
    {
        await using var command = Bind(new NpgsqlCommand(sql, connection, transaction), values);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static NpgsqlCommand Bind(NpgsqlCommand command, object?[] values)
    {
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }

        return command;
    }

    private static string Hash(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    public Task<EngineDescription> DescribeAsync(CancellationToken cancellationToken = default) =>
        database.DescribeAsync([("events", "ingest_events")], cancellationToken);

    private Task RecordFailureAsync(MemoryNamespace ns, RecordId id, string state, string error, CancellationToken cancellationToken) =>
        database.ExecuteAsync(
            "UPDATE ingest_events SET status = $3, error = $4, updated_at = $5 WHERE namespace = $1 AND id_json = $2;",
            cancellationToken,
            ns.Name,
            id.Json,
            state,
            error.Length > MaxErrorLength ? error[..MaxErrorLength] : error,
            Now());

    private static string[] Json(IEnumerable<RecordId> ids) => ids.Select(id => id.Json).Distinct().ToArray();

    private DateTimeOffset Now() => time.GetUtcNow();

    /// <summary>An event from its id, text, metadata and correlation id columns, the id at <paramref name="idAt"/> and the rest from <paramref name="textAt"/> on.</summary>
    private static IngestEvent ReadEvent(NpgsqlDataReader reader, int idAt, int? textAt = null)
    {
        var at = textAt ?? idAt + 1;
        return new IngestEvent(
            RecordId.FromStoredJson(reader.GetString(idAt)),
            reader.GetString(at),
            (JsonObject)JsonNode.Parse(reader.GetString(at + 1))!,
            reader.IsDBNull(at + 2) ? null : reader.GetString(at + 2));
    }

    private static IngestStatus ReadStatus(NpgsqlDataReader reader) => new(
        RecordId.FromStoredJson(reader.GetString(0)),
        reader.GetString(1),
        reader.GetInt32(2),
        reader.IsDBNull(3) ? null : reader.GetString(3),
        reader.GetFieldValue<DateTimeOffset>(4),
        reader.GetFieldValue<DateTimeOffset>(5),
        reader.GetInt32(6));
}
