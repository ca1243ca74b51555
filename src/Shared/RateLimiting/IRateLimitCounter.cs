namespace RagMemory.RateLimiting;

/// <summary>
/// Counts requests per policy, principal and fixed window. Windows are aligned to the Unix epoch (a 60 s window starts
/// at every whole minute), so that every replica counting in one store agrees on which window a request falls in.
/// </summary>
public interface IRateLimitCounter
{
    /// <summary>
    /// Counts one request against <paramref name="limit"/> in the window that holds now, unless the window already
    /// holds <see cref="RateLimitPolicyOptions.PermitLimit"/> of them; a refused request is not counted.
    /// </summary>
    Task<RateLimitVerdict> TryAcquireAsync(string policy, string partitionKey, RateLimitPolicyOptions limit, CancellationToken cancellationToken = default);
}

/// <summary>Whether a request may go ahead, and when the window that refused it ends.</summary>
public sealed record RateLimitVerdict(bool Acquired, TimeSpan RetryAfter)
{
    /// <summary>The start and end of the epoch-aligned window of <paramref name="windowSeconds"/> that holds <paramref name="now"/>.</summary>
    public static (DateTimeOffset Start, DateTimeOffset End) WindowOf(DateTimeOffset now, int windowSeconds)
    {
        var length = windowSeconds * 1000L;
        var millis = now.ToUnixTimeMilliseconds();
        var start = DateTimeOffset.FromUnixTimeMilliseconds(millis - (millis % length));
        return (start, start.AddMilliseconds(length));
    }
}
