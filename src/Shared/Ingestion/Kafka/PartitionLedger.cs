using Confluent.Kafka;

namespace RagMemory.Ingestion.Kafka;

/// <summary>
/// The messages of one assigned partition that this consumer has read and not yet committed past: waiting to be
/// handed out (a retry before its due time, or one beyond the last receive's limit), held by the worker, or settled.
/// Kafka commits a position, not single messages, so the committable offset is the first one not settled: a settled
/// message behind a held one is committed only when that one settles.
/// </summary>
public sealed class PartitionLedger(TopicPartition partition)
{
    private readonly SortedDictionary<long, LedgerEntry> _entries = [];
    private long _committed = -1;

    public TopicPartition Partition { get; } = partition;

    /// <summary>Adds a message read from the partition; false for one already known (read again after a pause, say).</summary>
    public bool Add(LedgerEntry entry)
    {
        if (entry.Offset < _committed || _entries.ContainsKey(entry.Offset))
        {
            return false;
        }

        _entries.Add(entry.Offset, entry);
        return true;
    }

    /// <summary>Read but not handed out, due at <paramref name="now"/>.</summary>
    public IEnumerable<LedgerEntry> Due(DateTimeOffset now) =>
        _entries.Values.Where(e => e.State == LedgerState.Read && (e.DueAt is null || e.DueAt <= now));

    /// <summary>Read but not due: a retry whose time has not come, which keeps the partition paused.</summary>
    public bool HasWaiting(DateTimeOffset now) => _entries.Values.Any(e => e.State == LedgerState.Read && e.DueAt > now);

    public LedgerEntry? Find(long offset) => _entries.GetValueOrDefault(offset);

    public void Settle(long offset)
    {
        if (_entries.TryGetValue(offset, out var entry) && entry.State == LedgerState.Held)
        {
            entry.State = LedgerState.Settled;
        }
    }

    /// <summary>
    /// Makes every held message due again: the worker that held them gave up on settling them. Nothing is committed
    /// past them, so a restart before they settle reads them again too.
    /// </summary>
    public int Release()
    {
        var held = _entries.Values.Where(e => e.State == LedgerState.Held).ToList();
        held.ForEach(e => e.State = LedgerState.Read);
        return held.Count;
    }

    /// <summary>The offset to commit when the settled messages at the head moved it forward; null when there is nothing new.</summary>
    public TopicPartitionOffset? Committable()
    {
        var next = _committed;
        foreach (var entry in _entries.Values)
        {
            if (entry.State != LedgerState.Settled)
            {
                next = Math.Max(next, entry.Offset);
                break;
            }

            next = entry.Offset + 1;
        }

        return next > _committed ? new TopicPartitionOffset(Partition, next) : null;
    }

    /// <summary>Records a successful commit: entries before <paramref name="offset"/> are forgotten.</summary>
    public void Committed(long offset)
    {
        _committed = offset;
        foreach (var settled in _entries.Keys.Where(o => o < offset).ToList())
        {
            _entries.Remove(settled);
        }
    }

    /// <summary>Messages read so far, waiting or held: what the consumer keeps in memory.</summary>
    public int Count => _entries.Count;
}

public enum LedgerState
{
    Read,
    Held,
    Settled,
}

/// <summary>One message of a <see cref="PartitionLedger"/>.</summary>
public sealed class LedgerEntry(long offset, Message<string, string> message, EventEnvelope envelope, DateTimeOffset? dueAt)
{
    public long Offset { get; } = offset;

    public Message<string, string> Message { get; } = message;

    public EventEnvelope Envelope { get; } = envelope;

    public DateTimeOffset? DueAt { get; } = dueAt;

    /// <summary>Oldest first: a retry by its due time, a first delivery by when it was published.</summary>
    public DateTimeOffset Order => DueAt ?? Message.Timestamp.UtcDateTime;

    public LedgerState State { get; set; } = LedgerState.Read;
}
