using System.ComponentModel.DataAnnotations;

namespace RagMemory.Ingestion;

/// <summary>Settings of the ingestion queue and its worker (bound from <c>Ingestion</c>).</summary>
public sealed class IngestionOptions
{
    public const string SectionName = "Ingestion";

    [Range(1, 10_000_000)]
    public int MaxTextLength { get; set; } = 200_000;

    /// <summary>Attempts before an event becomes a dead letter.</summary>
    [Range(1, 10_000)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Events the worker takes at once, so the embedder sees full batches.</summary>
    [Range(1, 256)]
    public int BatchSize { get; set; } = 16;

    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How often the worker publishes events accepted but left unpublished (their publication failed and the client
    /// did not retry) for at least this long; at start it publishes all of them.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The most unfinished events (queued, processing, or failed and waiting for their retry) the queue holds; past it a
    /// submission is refused with 503 and <see cref="QueueFullRetryAfter"/> instead of being stored.
    /// </summary>
    [Range(1, 100_000_000)]
    public int MaxQueueDepth { get; set; } = 10_000;

    /// <summary>What a refusal for a full queue tells the client to wait (<c>Retry-After</c>).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan QueueFullRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a stopping process (SIGTERM) gives the batch in hand to finish. Past it, the batch is cancelled and
    /// its events are handed back unacknowledged: the bus delivers them again (Kafka: to the consumer group at once;
    /// SQLite: at the next start). The host's shutdown timeout is set to this plus <see cref="ShutdownMargin"/>.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>What the host's shutdown timeout adds to <see cref="ShutdownGrace"/>: for Kestrel to drain and the stores to save.</summary>
    public static readonly TimeSpan ShutdownMargin = TimeSpan.FromSeconds(5);

    /// <summary>How often an idle worker looks for retries that have come due.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
}
