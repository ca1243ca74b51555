namespace RagMemory.Ingestion;

/// <summary>
/// Implemented by a bus that consumes from partitions (Kafka), so the portal's queue panel shows how far the workers
/// are behind on each one and who the workers are. The embedded bus has no partitions and does not implement it.
/// </summary>
public interface IReportsBacklog
{
    Task<BusBacklog> ReadBacklogAsync(CancellationToken cancellationToken = default);
}

/// <summary>
/// The backlog of every partition, and the consumer group's members; <see cref="Members"/> is null when the broker
/// cannot describe the group, and <see cref="MembersUnavailable"/> then says why.
/// </summary>
public sealed record BusBacklog(IReadOnlyList<PartitionBacklog> Partitions, IReadOnlyList<GroupMember>? Members, string? MembersUnavailable)
{
    public long TotalLag => Partitions.Sum(p => p.Lag);
}

/// <summary>
/// One partition: <see cref="EndOffset"/> is the offset the next message will get (the high watermark),
/// <see cref="CommittedOffset"/> the group's position (null when it never committed, so all retained messages wait).
/// </summary>
public sealed record PartitionBacklog(string Topic, int Partition, long StartOffset, long EndOffset, long? CommittedOffset)
{
    /// <summary>Messages after the committed position: what the group has still to process (or acknowledge).</summary>
    public long Lag => Math.Max(0, EndOffset - Math.Max(StartOffset, CommittedOffset ?? StartOffset));
}

/// <summary>A consumer in the group: its client id, host and the partitions it holds.</summary>
public sealed record GroupMember(string ClientId, string Host, IReadOnlyList<string> Partitions);
