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
    private const string StatusColumns = "id_json, status, attempts, error, created_at, updated_at";
    private const string EventColumns = "id_json, text, metadata, correlation_id";

    public async Task<EnqueueResult> AcceptAsync(MemoryNamespace ns, IngestEvent ingestEvent, CancellationToken cancellationToken = default)
    {
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(ingestEvent.Text)));
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);

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
        if (reader.GetString(6) != hash)
        {
            throw new ConflictException($"Event {ingestEvent.Id} was already accepted with a different text.");
        }

        return new EnqueueResult(ReadStatus(reader), AlreadyAccepted: !inserted, Published: reader.GetBoolean(7));
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

    public async Task<IngestStatus?> GetStatusAsync(MemoryNamespace ns, RecordId id, CancellationToken cancellationToken = default) =>
        (await database.QueryAsync($"SELECT {StatusColumns} FROM ingest_events WHERE namespace = $1 AND id_json = $2;", ReadStatus, cancellationToken, ns.Name, id.Json).ConfigureAwait(false)).SingleOrDefault();

    public async Task<SourceEvent?> GetEventAsync(MemoryNamespace ns, RecordId id, CancellationToken cancellationToken = default) =>
        (await GetEventsAsync(ns, [id], cancellationToken).ConfigureAwait(false)).SingleOrDefault();

    public async Task<IReadOnlyList<SourceEvent>> GetEventsAsync(MemoryNamespace ns, IReadOnlyCollection<RecordId> ids, CancellationToken cancellationToken = default)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        // An array parameter: one statement for any number of ids, without a parameter limit.
        return await database.QueryAsync($"SELECT {StatusColumns}, text, metadata, correlation_id FROM ingest_events WHERE namespace = $1 AND id_json = ANY($2);", r => new SourceEvent(ReadEvent(r, 0, textAt: 6), ReadStatus(r)), cancellationToken, ns.Name, Json(ids)).ConfigureAwait(false);
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

    public Task MarkDoneAsync(MemoryNamespace ns, IReadOnlyList<RecordId> ids, CancellationToken cancellationToken = default) =>
        ids.Count == 0 ? Task.CompletedTask
            : database.ExecuteAsync("UPDATE ingest_events SET status = 'done', error = NULL, updated_at = $3 WHERE namespace = $1 AND id_json = ANY($2);", cancellationToken, ns.Name, Json(ids), Now());

    public Task MarkFailedAsync(MemoryNamespace ns, RecordId id, string error, CancellationToken cancellationToken = default) =>
        RecordFailureAsync(ns, id, IngestStates.Failed, error, cancellationToken);

    public Task MarkDeadLetteredAsync(MemoryNamespace ns, RecordId id, string error, CancellationToken cancellationToken = default) =>
        RecordFailureAsync(ns, id, IngestStates.DeadLettered, error, cancellationToken);

    public Task<int> RequeueInterruptedAsync(CancellationToken cancellationToken = default) =>
        database.ExecuteAsync("UPDATE ingest_events SET status = 'queued', updated_at = $1 WHERE status = 'processing';", cancellationToken, Now());

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
            WHERE namespace = $1 AND ($2::text IS NULL OR status = $2)
            ORDER BY updated_at DESC, seq DESC LIMIT $3;
            """, ReadStatus, cancellationToken, ns.Name, state, limit).ConfigureAwait(false);
    }

    public async Task<EventPage> ListEventsAsync(MemoryNamespace ns, EventQuery query, CancellationToken cancellationToken = default)
    {
        // Metadata conditions are matched here with the search filters' rule, as on SQLite; without them the database
        // stops at the page and one more row (which says there is a next page).
        var rows = await database.QueryAsync($"""
            SELECT {StatusColumns}, metadata, length(text) FROM ingest_events
            WHERE namespace = $1 AND ($2::text IS NULL OR status = $2)
              AND ($3::timestamptz IS NULL OR created_at >= $3) AND ($4::timestamptz IS NULL OR created_at <= $4)
              AND ($5::timestamptz IS NULL OR created_at < $5 OR (created_at = $5 AND id_json < $6))
            ORDER BY created_at DESC, id_json DESC
            LIMIT $7;
            """,
            r => new EventSummary(ReadStatus(r), (JsonObject)JsonNode.Parse(r.GetString(6))!, r.GetInt32(7)),
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
            WHERE namespace = $1 AND id_json = $2 AND status = 'dead_lettered'
            RETURNING {EventColumns};
            """, r => new EventEnvelope(ns, ReadEvent(r, 0)), cancellationToken, ns.Name, id.Json, Now()).ConfigureAwait(false)).SingleOrDefault();
    }

    public async Task<bool> DeleteAsync(MemoryNamespace ns, RecordId id, CancellationToken cancellationToken = default) =>
        await database.ExecuteAsync("DELETE FROM ingest_events WHERE namespace = $1 AND id_json = $2;", cancellationToken, ns.Name, id.Json).ConfigureAwait(false) == 1;

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
        reader.GetFieldValue<DateTimeOffset>(5));
}
