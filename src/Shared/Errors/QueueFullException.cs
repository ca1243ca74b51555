namespace RagMemory.Errors;

/// <summary>
/// The ingestion queue holds as many unfinished events as it may (<c>Ingestion:MaxQueueDepth</c>), so a new one is
/// refused before it is stored; the API answers 503 with <see cref="RetryAfter"/>. Nothing is accepted, so nothing is lost.
/// </summary>
public sealed class QueueFullException(long depth, int maxDepth, TimeSpan retryAfter)
    : Exception($"The ingestion queue is full ({depth} events waiting, at most {maxDepth}); nothing was queued. Try again in {Math.Ceiling(retryAfter.TotalSeconds)} s, once the queue has drained.")
{
    public long Depth { get; } = depth;

    public int MaxDepth { get; } = maxDepth;

    public TimeSpan RetryAfter { get; } = retryAfter;
}
