using RagMemory.RateLimiting;

namespace RagMemory.State.PostgreSql;

/// <summary>
/// Rate-limit counters shared by every replica: one row per policy, principal and fixed window, counted up by one
/// upsert that refuses to pass the limit. The row lock orders concurrent requests from all replicas, so a limit of N
/// lets exactly N requests through per window however many replicas serve them (decision 0011). Rows of ended windows
/// are deleted now and then by whichever replica counts.
/// </summary>
public sealed class PostgreSqlRateLimitCounter(PostgreSqlDatabase database, TimeProvider time) : IRateLimitCounter
{
    private static readonly TimeSpan CleanupInterval = TimeSpan.FromMinutes(1);
    private long _nextCleanupTicks;

    public async Task<RateLimitVerdict> TryAcquireAsync(string policy, string partitionKey, RateLimitPolicyOptions limit, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var (start, end) = RateLimitVerdict.WindowOf(now, limit.WindowSeconds);
        await CleanUpAsync(now, cancellationToken).ConfigureAwait(false);
        var counted = await database.QueryAsync(
            """
            INSERT INTO rate_limit_windows AS w (policy, partition_key, window_start, expires_at, permits) VALUES ($1, $2, $3, $4, 1)
            ON CONFLICT (policy, partition_key, window_start) DO UPDATE SET permits = w.permits + 1 WHERE w.permits < $5
            RETURNING w.permits;
            """,
            r => r.GetInt32(0),
            cancellationToken,
            policy,
            partitionKey,
            start,
            end,
            limit.PermitLimit).ConfigureAwait(false);

        // No row back: the window already holds the limit (or more, when an admin lowered it): refused, not counted.
        return new RateLimitVerdict(counted.Count == 1, end - now);
    }

    private async Task CleanUpAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var due = Interlocked.Read(ref _nextCleanupTicks);
        if (now.UtcTicks < due || Interlocked.CompareExchange(ref _nextCleanupTicks, (now + CleanupInterval).UtcTicks, due) != due)
        {
            return;
        }

        await database.ExecuteAsync("DELETE FROM rate_limit_windows WHERE expires_at <= $1;", cancellationToken, now).ConfigureAwait(false);
    }
}
