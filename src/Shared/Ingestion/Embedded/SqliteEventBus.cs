using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using RagMemory.Engines;
using RagMemory.Namespaces;
using RagMemory.Storage;

namespace RagMemory.Ingestion.Embedded;

/// <summary>
/// The embedded bus: a SQLite table of messages beside the event store, in the same file. A message is <c>ready</c>
/// (due at <c>due_at</c>), <c>in_flight</c> (handed to the worker) or <c>dead</c>; acknowledging deletes it, as a
/// topic's retention would. One message per event and namespace: publishing a live event again changes nothing, and
/// publishing a dead one revives it (replay).
/// </summary>
public sealed class SqliteEventBus(SqliteDatabase database, TimeProvider time) : IEventBus
{
    private readonly WorkSignal _signal = new();

    public Task PublishAsync(EventEnvelope envelope, CancellationToken cancellationToken = default)
    {
        var ingestEvent = envelope.Event;
        using var connection = database.Open();
        using var publish = connection.CreateCommand();
        publish.CommandText = """
            INSERT INTO event_bus(namespace, id_json, text, metadata, correlation_id, state, due_at)
            VALUES ($ns, $id, $text, $metadata, $correlation, 'ready', $now)
            ON CONFLICT(namespace, id_json) DO UPDATE SET
                text = excluded.text, metadata = excluded.metadata, correlation_id = excluded.correlation_id,
                state = 'ready', due_at = excluded.due_at, error = NULL
            WHERE event_bus.state = 'dead';
            """;
        publish.Parameters.AddWithValue("$ns", envelope.Namespace.Name);
        publish.Parameters.AddWithValue("$id", ingestEvent.Id.Json);
        publish.Parameters.AddWithValue("$text", ingestEvent.Text);
        publish.Parameters.AddWithValue("$metadata", ingestEvent.Metadata.ToJsonString());
        publish.Parameters.AddWithValue("$correlation", (object?)ingestEvent.CorrelationId ?? DBNull.Value);
        publish.Parameters.AddWithValue("$now", Now());
        if (publish.ExecuteNonQuery() == 1)
        {
            _signal.Set();
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<EventDelivery>> ReceiveAsync(int max, CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        using var receive = connection.CreateCommand();
        receive.CommandText = """
            UPDATE event_bus SET state = 'in_flight'
            WHERE seq IN (
                SELECT seq FROM event_bus WHERE state = 'ready' AND due_at <= $now
                ORDER BY due_at, seq LIMIT $max)
            RETURNING seq, namespace, id_json, text, metadata, correlation_id;
            """;
        receive.Parameters.AddWithValue("$now", Now());
        receive.Parameters.AddWithValue("$max", max);
        var deliveries = new List<EventDelivery>();
        using var reader = receive.ExecuteReader();
        while (reader.Read())
        {
            var ingestEvent = new IngestEvent(
                RecordId.FromStoredJson(reader.GetString(2)),
                reader.GetString(3),
                (JsonObject)JsonNode.Parse(reader.GetString(4))!,
                reader.IsDBNull(5) ? null : reader.GetString(5));
            var envelope = new EventEnvelope(MemoryNamespace.FromStored(reader.GetString(1)), ingestEvent);
            deliveries.Add(new EventDelivery(envelope, reader.GetInt64(0).ToString(CultureInfo.InvariantCulture)));
        }

        // RETURNING gives rows in no promised order; the worker and the tests expect the oldest first.
        return Task.FromResult<IReadOnlyList<EventDelivery>>([.. deliveries.OrderBy(d => long.Parse(d.Receipt, CultureInfo.InvariantCulture))]);
    }

    public Task AcknowledgeAsync(IReadOnlyList<EventDelivery> deliveries, CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        using var acknowledge = connection.CreateCommand();
        acknowledge.Transaction = transaction;
        acknowledge.CommandText = "DELETE FROM event_bus WHERE seq = $seq AND state = 'in_flight';";
        var seq = acknowledge.Parameters.Add("$seq", SqliteType.Integer);
        foreach (var delivery in deliveries)
        {
            seq.Value = Seq(delivery);
            acknowledge.ExecuteNonQuery();
        }

        transaction.Commit();
        return Task.CompletedTask;
    }

    public Task RetryLaterAsync(EventDelivery delivery, DateTimeOffset dueAt, CancellationToken cancellationToken = default)
    {
        Settle(delivery, "state = 'ready', due_at = $value", dueAt.ToUnixTimeMilliseconds());
        return Task.CompletedTask;
    }

    public Task DeadLetterAsync(EventDelivery delivery, string error, CancellationToken cancellationToken = default)
    {
        Settle(delivery, "state = 'dead', error = $value", error);
        return Task.CompletedTask;
    }

    public Task<int> RecoverUnacknowledgedAsync(CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        using var recover = connection.CreateCommand();
        recover.CommandText = "UPDATE event_bus SET state = 'ready' WHERE state = 'in_flight';";
        var recovered = recover.ExecuteNonQuery();
        if (recovered > 0)
        {
            _signal.Set();
        }

        return Task.FromResult(recovered);
    }

    public Task WaitForWorkAsync(TimeSpan maxWait, CancellationToken cancellationToken = default) =>
        _signal.WaitAsync(maxWait, time, cancellationToken);

    /// <summary>Changes a delivery this consumer holds; one that is no longer held (acknowledged, say) is left alone.</summary>
    private void Settle(EventDelivery delivery, string assignments, object value)
    {
        using var connection = database.Open();
        using var settle = connection.CreateCommand();
        settle.CommandText = $"UPDATE event_bus SET {assignments} WHERE seq = $seq AND state = 'in_flight';";
        settle.Parameters.AddWithValue("$seq", Seq(delivery));
        settle.Parameters.AddWithValue("$value", value);
        settle.ExecuteNonQuery();
    }

    private static long Seq(EventDelivery delivery) => long.Parse(delivery.Receipt, CultureInfo.InvariantCulture);

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();

    public Task<EngineDescription> DescribeAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(database.Describe("SQLite event bus", ("deliveries", "SELECT count(*) FROM event_bus;")));
}
