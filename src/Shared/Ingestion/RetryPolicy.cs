using Microsoft.Extensions.Options;

namespace RagMemory.Ingestion;

/// <summary>
/// When a failed event is tried again, or that it is not: the same for every bus, so Kafka and SQLite retry alike.
/// Exponential backoff with jitter, capped, so failing events do not retry in lockstep; dead letter after
/// <see cref="IngestionOptions.MaxAttempts"/>.
/// </summary>
public sealed class RetryPolicy(IOptions<IngestionOptions> options, TimeProvider time)
{
    private readonly IngestionOptions _options = options.Value;

    /// <summary>When to try again after <paramref name="attempts"/> failed attempts; null when they are spent and the event is a dead letter.</summary>
    public DateTimeOffset? NextAttemptAt(int attempts) =>
        attempts >= _options.MaxAttempts ? null : time.GetUtcNow() + Backoff(attempts);

    /// <summary>Between half and all of base × 2^(attempts-1), at most <see cref="IngestionOptions.RetryMaxDelay"/>.</summary>
    private TimeSpan Backoff(int attempts)
    {
        var exponential = _options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Max(0, attempts - 1));
        var capped = Math.Min(exponential, _options.RetryMaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds((capped / 2) + (Random.Shared.NextDouble() * capped / 2));
    }
}
