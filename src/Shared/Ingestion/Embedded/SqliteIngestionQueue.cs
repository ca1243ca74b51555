using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using RagMemory.Errors;
using RagMemory.Storage;

namespace RagMemory.Ingestion.Embedded;

/// <summary>
/// The embedded durable queue: one SQLite row per event, committed before <c>POST /ingest/</c> answers.
/// A claimed event stays in the table until completed, so a crash mid-way leaves it to be resumed at the next start.
/// </summary>
public sealed class SqliteIngestionQueue(SqliteDatabase database, IOptions<IngestionOptions> options, TimeProvider time) : IIngestionQueue
{
    private readonly IngestionOptions _options = options.Value;
    private readonly WorkSignal _signal = new();

    public Task<EnqueueResult> EnqueueAsync(IngestEvent ingestEvent, CancellationToken cancellationToken = default)
    {
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(ingestEvent.Text)));
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO ingest_events(id_json, text, text_sha256, metadata, correlation_id, status, next_attempt_at, created_at, updated_at, seq)
            VALUES ($id, $text, $hash, $metadata, $correlation, 'queued', $now, $now, $now, (SELECT COALESCE(MAX(seq), 0) + 1 FROM ingest_events))
            ON CONFLICT(id_json) DO NOTHING;
            """;
        insert.Parameters.AddWithValue("$id", ingestEvent.Id.Json);
        insert.Parameters.AddWithValue("$text", ingestEvent.Text);
        insert.Parameters.AddWithValue("$hash", hash);
        insert.Parameters.AddWithValue("$metadata", ingestEvent.Metadata.ToJsonString());
        insert.Parameters.AddWithValue("$correlation", (object?)ingestEvent.CorrelationId ?? DBNull.Value);
        insert.Parameters.AddWithValue("$now", now);
        var inserted = insert.ExecuteNonQuery() == 1;
        if (!inserted && ReadHash(connection, transaction, ingestEvent.Id) != hash)
        {
            throw new ConflictException($"Event {ingestEvent.Id} was already accepted with a different text.");
        }

        transaction.Commit();
        if (inserted)
        {
            _signal.Set();
        }

        return Task.FromResult(new EnqueueResult(ReadStatus(connection, ingestEvent.Id)!, AlreadyAccepted: !inserted));
    }

    public Task<IngestStatus?> GetStatusAsync(RecordId id, CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        return Task.FromResult(ReadStatus(connection, id));
    }

    public Task<SourceEvent?> GetEventAsync(RecordId id, CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        using var read = connection.CreateCommand();
        read.CommandText = """
            SELECT id_json, status, attempts, error, created_at, updated_at, text, metadata, correlation_id
            FROM ingest_events WHERE id_json = $id;
            """;
        read.Parameters.AddWithValue("$id", id.Json);
        using var reader = read.ExecuteReader();
        if (!reader.Read())
        {
            return Task.FromResult<SourceEvent?>(null);
        }

        var submitted = new IngestEvent(id, reader.GetString(6), (JsonObject)JsonNode.Parse(reader.GetString(7))!, reader.IsDBNull(8) ? null : reader.GetString(8));
        return Task.FromResult<SourceEvent?>(new SourceEvent(submitted, ReadStatus(reader)));
    }

    public Task<IReadOnlyList<IngestEvent>> ClaimDueAsync(int max, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        using var connection = database.Open();
        using var claim = connection.CreateCommand();
        claim.CommandText = """
            UPDATE ingest_events SET status = 'processing', attempts = attempts + 1, updated_at = $now
            WHERE id_json IN (
                SELECT id_json FROM ingest_events
                WHERE status IN ('queued', 'failed') AND next_attempt_at <= $now
                ORDER BY next_attempt_at, seq LIMIT $max)
            RETURNING id_json, text, metadata, correlation_id;
            """;
        claim.Parameters.AddWithValue("$now", now);
        claim.Parameters.AddWithValue("$max", max);
        var events = new List<IngestEvent>();
        using var reader = claim.ExecuteReader();
        while (reader.Read())
        {
            events.Add(ReadEvent(reader));
        }

        return Task.FromResult<IReadOnlyList<IngestEvent>>(events);
    }

    public Task CompleteAsync(RecordId id, CancellationToken cancellationToken = default)
    {
        Update(id, "UPDATE ingest_events SET status = 'done', error = NULL, updated_at = $now WHERE id_json = $id;");
        return Task.CompletedTask;
    }

    public Task FailAsync(RecordId id, string error, CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        var attempts = ReadStatus(connection, id)?.Attempts ?? 0;
        var now = time.GetUtcNow();
        using var fail = connection.CreateCommand();
        fail.CommandText = """
            UPDATE ingest_events SET status = $status, error = $error, next_attempt_at = $next, updated_at = $now
            WHERE id_json = $id;
            """;
        fail.Parameters.AddWithValue("$id", id.Json);
        fail.Parameters.AddWithValue("$status", attempts >= _options.MaxAttempts ? IngestStates.DeadLettered : IngestStates.Failed);
        fail.Parameters.AddWithValue("$error", error.Length > 2000 ? error[..2000] : error);
        fail.Parameters.AddWithValue("$next", (now + Backoff(attempts)).ToUnixTimeMilliseconds());
        fail.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        fail.ExecuteNonQuery();
        return Task.CompletedTask;
    }

    public Task<int> RequeueInterruptedAsync(CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        using var requeue = connection.CreateCommand();
        requeue.CommandText = "UPDATE ingest_events SET status = 'queued', updated_at = $now WHERE status = 'processing';";
        requeue.Parameters.AddWithValue("$now", time.GetUtcNow().ToUnixTimeMilliseconds());
        return Task.FromResult(requeue.ExecuteNonQuery());
    }

    public Task WaitForWorkAsync(TimeSpan maxWait, CancellationToken cancellationToken = default) =>
        _signal.WaitAsync(maxWait, time, cancellationToken);

    public Task<QueueCounts> GetCountsAsync(CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT status, COUNT(*) FROM ingest_events GROUP BY status;";
        var counts = new Dictionary<string, long>();
        using var reader = count.ExecuteReader();
        while (reader.Read())
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }

        long Of(string state) => counts.GetValueOrDefault(state);
        return Task.FromResult(new QueueCounts(Of(IngestStates.Queued), Of(IngestStates.Processing), Of(IngestStates.Done), Of(IngestStates.Failed), Of(IngestStates.DeadLettered)));
    }

    public Task<IReadOnlyList<IngestStatus>> ListAsync(string? state, int limit, CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        using var list = connection.CreateCommand();
        list.CommandText = $"""
            SELECT id_json, status, attempts, error, created_at, updated_at FROM ingest_events
            {(state is null ? string.Empty : "WHERE status = $state")}
            ORDER BY updated_at DESC LIMIT $limit;
            """;
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

    public Task<bool> ReplayAsync(RecordId id, CancellationToken cancellationToken = default)
    {
        var replayed = Update(id, """
            UPDATE ingest_events SET status = 'queued', attempts = 0, next_attempt_at = $now, updated_at = $now
            WHERE id_json = $id AND status = 'dead_lettered';
            """) == 1;
        if (replayed)
        {
            _signal.Set();
        }

        return Task.FromResult(replayed);
    }

    /// <summary>Exponential backoff with full jitter, capped, so failing events do not retry in lockstep.</summary>
    private TimeSpan Backoff(int attempts)
    {
        var exponential = _options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Max(0, attempts - 1));
        var capped = Math.Min(exponential, _options.RetryMaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds((capped / 2) + (Random.Shared.NextDouble() * capped / 2));
    }

    private int Update(RecordId id, string sql)
    {
        using var connection = database.Open();
        using var update = connection.CreateCommand();
        update.CommandText = sql;
        update.Parameters.AddWithValue("$id", id.Json);
        update.Parameters.AddWithValue("$now", time.GetUtcNow().ToUnixTimeMilliseconds());
        return update.ExecuteNonQuery();
    }

    private static string? ReadHash(SqliteConnection connection, SqliteTransaction transaction, RecordId id)
    {
        using var read = connection.CreateCommand();
        read.Transaction = transaction;
        read.CommandText = "SELECT text_sha256 FROM ingest_events WHERE id_json = $id;";
        read.Parameters.AddWithValue("$id", id.Json);
        return read.ExecuteScalar() as string;
    }

    private static IngestStatus? ReadStatus(SqliteConnection connection, RecordId id)
    {
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT id_json, status, attempts, error, created_at, updated_at FROM ingest_events WHERE id_json = $id;";
        read.Parameters.AddWithValue("$id", id.Json);
        using var reader = read.ExecuteReader();
        return reader.Read() ? ReadStatus(reader) : null;
    }

    private static IngestEvent ReadEvent(SqliteDataReader reader) => new(
        RecordId.FromStoredJson(reader.GetString(0)),
        reader.GetString(1),
        (JsonObject)JsonNode.Parse(reader.GetString(2))!,
        reader.IsDBNull(3) ? null : reader.GetString(3));

    private static IngestStatus ReadStatus(SqliteDataReader reader) => new(
        RecordId.FromStoredJson(reader.GetString(0)),
        reader.GetString(1),
        reader.GetInt32(2),
        reader.IsDBNull(3) ? null : reader.GetString(3),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)));
}
