namespace RagMemory.Ingestion;

/// <summary>How many events are in each state.</summary>
public sealed record QueueCounts(long Queued, long Processing, long Done, long Failed, long DeadLettered)
{
    public static QueueCounts None { get; } = new(0, 0, 0, 0, 0);

    /// <summary>The counts of two parts of a queue (two namespaces), state by state.</summary>
    public static QueueCounts operator +(QueueCounts left, QueueCounts right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        return new(left.Queued + right.Queued, left.Processing + right.Processing, left.Done + right.Done, left.Failed + right.Failed, left.DeadLettered + right.DeadLettered);
    }
}
