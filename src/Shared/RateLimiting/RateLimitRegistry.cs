using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RagMemory.Errors;
using RagMemory.Observability;
using RagMemory.Storage;

namespace RagMemory.RateLimiting;

/// <summary>
/// The live rate limiters of both faces: one fixed-window limiter per policy and principal. An admin's change replaces
/// the policy's limiter at once (the next request counts against the new limit), is stored so it survives restarts,
/// and is written to the audit trail.
/// </summary>
public sealed partial class RateLimitRegistry : IDisposable
{
    private readonly Dictionary<string, PolicyLimiter> _limiters = new(StringComparer.OrdinalIgnoreCase);
    private readonly SqliteDatabase _database;
    private readonly TimeProvider _time;
    private readonly RagMemoryMetrics _metrics;
    private readonly ILogger<RateLimitRegistry> _logger;
    private readonly Lock _changes = new();

    public RateLimitRegistry(SqliteDatabase database, IOptions<RateLimitingOptions> options, TimeProvider time, RagMemoryMetrics metrics, ILogger<RateLimitRegistry> logger)
    {
        _database = database;
        _time = time;
        _metrics = metrics;
        _logger = logger;
        var stored = ReadOverrides();
        foreach (var name in RateLimitPolicies.All)
        {
            var settings = stored.TryGetValue(name, out var overridden) ? overridden
                : options.Value.Policies.TryGetValue(name, out var configured) ? configured
                : new RateLimitingOptions().Policies[name];
            _limiters[name] = new PolicyLimiter(settings.PermitLimit, settings.WindowSeconds);
        }
    }

    /// <summary>Spends one permit of <paramref name="policy"/> for <paramref name="partitionKey"/>, or throws <see cref="RateLimitExceededException"/>.</summary>
    public void Acquire(string policy, string partitionKey)
    {
        var limiter = Limiter(policy);
        RateLimitLease lease;
        try
        {
            lease = limiter.Limiter.AttemptAcquire(partitionKey);
        }
        catch (ObjectDisposedException)
        {
            // An admin replaced this policy's limiter between the lookup and the attempt: count against the new one.
            limiter = Limiter(policy);
            lease = limiter.Limiter.AttemptAcquire(partitionKey);
        }

        using var leased = lease;
        _metrics.RateLimited(policy, lease.IsAcquired);
        if (lease.IsAcquired)
        {
            Interlocked.Increment(ref limiter.Permitted);
            return;
        }

        Interlocked.Increment(ref limiter.Rejected);
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(limiter.WindowSeconds);
        throw new RateLimitExceededException(policy, retryAfter);
    }

    public IReadOnlyList<RateLimitSnapshot> Snapshot() => RateLimitPolicies.All.Select(Snapshot).ToList();

    private RateLimitSnapshot Snapshot(string name)
    {
        var limiter = _limiters[name];
        return new RateLimitSnapshot(name, limiter.PermitLimit, limiter.WindowSeconds, Interlocked.Read(ref limiter.Permitted), Interlocked.Read(ref limiter.Rejected));
    }

    public RateLimitSnapshot Update(string policy, int permitLimit, int windowSeconds, string changedBy)
    {
        if (permitLimit is < 1 or > 1_000_000)
        {
            throw new InvalidInputException("permit_limit", "'permit_limit' must be between 1 and 1000000.");
        }

        if (windowSeconds is < 1 or > 86_400)
        {
            throw new InvalidInputException("window_seconds", "'window_seconds' must be between 1 and 86400.");
        }

        lock (_changes)
        {
            var old = Limiter(policy);
            var name = RateLimitPolicies.All.First(n => n.Equals(policy, StringComparison.OrdinalIgnoreCase));
            Store(new RateLimitChange(name, old.PermitLimit, old.WindowSeconds, permitLimit, windowSeconds, changedBy, _time.GetUtcNow()));
            _limiters[name] = new PolicyLimiter(permitLimit, windowSeconds) { Permitted = old.Permitted, Rejected = old.Rejected };
            old.Limiter.Dispose();
            LogChanged(_logger, name, old.PermitLimit, old.WindowSeconds, permitLimit, windowSeconds, changedBy);
            return Snapshot(name);
        }
    }

    public IReadOnlyList<RateLimitChange> Audit(int limit = 100)
    {
        using var connection = _database.Open();
        using var read = connection.CreateCommand();
        read.CommandText = """
            SELECT policy, old_permit_limit, old_window_seconds, new_permit_limit, new_window_seconds, changed_by, changed_at
            FROM rate_limit_audit ORDER BY id DESC LIMIT $limit;
            """;
        read.Parameters.AddWithValue("$limit", limit);
        using var reader = read.ExecuteReader();
        var changes = new List<RateLimitChange>();
        while (reader.Read())
        {
            changes.Add(new RateLimitChange(reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4), reader.GetString(5), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6))));
        }

        return changes;
    }

    public void Dispose()
    {
        foreach (var limiter in _limiters.Values)
        {
            limiter.Limiter.Dispose();
        }
    }

    private PolicyLimiter Limiter(string policy) =>
        _limiters.TryGetValue(policy, out var limiter) ? limiter : throw new NotFoundException($"No rate-limit policy named '{policy}'. Known: {string.Join(", ", RateLimitPolicies.All)}.");

    private void Store(RateLimitChange change)
    {
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction();
        using var write = connection.CreateCommand();
        write.Transaction = transaction;
        write.CommandText = """
            INSERT INTO rate_limit_overrides(policy, permit_limit, window_seconds) VALUES ($policy, $new_limit, $new_window)
            ON CONFLICT(policy) DO UPDATE SET permit_limit = excluded.permit_limit, window_seconds = excluded.window_seconds;
            INSERT INTO rate_limit_audit(policy, old_permit_limit, old_window_seconds, new_permit_limit, new_window_seconds, changed_by, changed_at)
            VALUES ($policy, $old_limit, $old_window, $new_limit, $new_window, $by, $at);
            """;
        write.Parameters.AddWithValue("$policy", change.Policy);
        write.Parameters.AddWithValue("$old_limit", change.OldPermitLimit);
        write.Parameters.AddWithValue("$old_window", change.OldWindowSeconds);
        write.Parameters.AddWithValue("$new_limit", change.NewPermitLimit);
        write.Parameters.AddWithValue("$new_window", change.NewWindowSeconds);
        write.Parameters.AddWithValue("$by", change.ChangedBy);
        write.Parameters.AddWithValue("$at", change.ChangedAt.ToUnixTimeMilliseconds());
        write.ExecuteNonQuery();
        transaction.Commit();
    }

    private Dictionary<string, RateLimitPolicyOptions> ReadOverrides()
    {
        using var connection = _database.Open();
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT policy, permit_limit, window_seconds FROM rate_limit_overrides;";
        using var reader = read.ExecuteReader();
        var overrides = new Dictionary<string, RateLimitPolicyOptions>(StringComparer.OrdinalIgnoreCase);
        while (reader.Read())
        {
            overrides[reader.GetString(0)] = new RateLimitPolicyOptions { PermitLimit = reader.GetInt32(1), WindowSeconds = reader.GetInt32(2) };
        }

        return overrides;
    }

    [LoggerMessage(EventId = 7001, Level = LogLevel.Warning, Message = "Rate limit {Policy} changed from {OldLimit}/{OldWindow}s to {NewLimit}/{NewWindow}s by {ChangedBy}")]
    private static partial void LogChanged(ILogger logger, string policy, int oldLimit, int oldWindow, int newLimit, int newWindow, string changedBy);

    private sealed class PolicyLimiter(int permitLimit, int windowSeconds)
    {
        public int PermitLimit { get; } = permitLimit;

        public int WindowSeconds { get; } = windowSeconds;

        public PartitionedRateLimiter<string> Limiter { get; } = PartitionedRateLimiter.Create<string, string>(key =>
            RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = permitLimit,
                Window = TimeSpan.FromSeconds(windowSeconds),
                QueueLimit = 0,
                AutoReplenishment = true,
            }));

#pragma warning disable SA1401, CA1051 // Counters updated with Interlocked need fields.
        public long Permitted;
        public long Rejected;
#pragma warning restore SA1401, CA1051
    }
}
