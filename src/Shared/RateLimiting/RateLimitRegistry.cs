using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RagMemory.Errors;
using RagMemory.Observability;

namespace RagMemory.RateLimiting;

/// <summary>
/// The live rate limiters of both faces: one fixed-window limiter per policy and principal. An admin's change replaces
/// the policy's limiter at once (the next request counts against the new limit), is stored through the
/// <see cref="IRateLimitSettingsStore"/> so it survives restarts and reaches other replicas (<see cref="RateLimitOverridesRefresher"/>),
/// and is written to the audit trail.
/// </summary>
public sealed partial class RateLimitRegistry : IDisposable
{
    private readonly ConcurrentDictionary<string, PolicyLimiter> _limiters = new(StringComparer.OrdinalIgnoreCase);

    // Counts live apart from the limiters, so that replacing a limiter while requests run loses no count.
    private readonly Dictionary<string, PolicyCounts> _counts = new(StringComparer.OrdinalIgnoreCase);
    private readonly IRateLimitSettingsStore _store;
    private readonly TimeProvider _time;
    private readonly RagMemoryMetrics _metrics;
    private readonly ILogger<RateLimitRegistry> _logger;
    private readonly SemaphoreSlim _changes = new(1, 1);
    private readonly IRateLimitCounter? _sharedCounter;

    /// <param name="sharedCounter">
    /// Counts shared by every replica, registered by a state engine that has them (PostgreSQL); without one, each
    /// process counts in its own limiters, which is exact for one process.
    /// </param>
    public RateLimitRegistry(IRateLimitSettingsStore store, IOptions<RateLimitingOptions> options, TimeProvider time, RagMemoryMetrics metrics, ILogger<RateLimitRegistry> logger, IRateLimitCounter? sharedCounter = null)
    {
        _store = store;
        _sharedCounter = sharedCounter;
        _time = time;
        _metrics = metrics;
        _logger = logger;
        foreach (var name in RateLimitPolicies.All)
        {
            var settings = options.Value.Policies.TryGetValue(name, out var configured) ? configured : new RateLimitingOptions().Policies[name];
            _limiters[name] = new PolicyLimiter(settings.PermitLimit, settings.WindowSeconds);
            _counts[name] = new PolicyCounts();
        }
    }

    /// <summary>
    /// Spends one permit of <paramref name="policy"/> for <paramref name="partitionKey"/> from the shared counter when
    /// there is one, else from this process's limiter; or throws <see cref="RateLimitExceededException"/>.
    /// </summary>
    public async Task AcquireAsync(string policy, string partitionKey, CancellationToken cancellationToken = default)
    {
        if (_sharedCounter is null)
        {
            Acquire(policy, partitionKey);
            return;
        }

        var limiter = Limiter(policy);
        var verdict = await _sharedCounter.TryAcquireAsync(policy, partitionKey, new RateLimitPolicyOptions { PermitLimit = limiter.PermitLimit, WindowSeconds = limiter.WindowSeconds }, cancellationToken);
        Count(policy, verdict.Acquired, verdict.RetryAfter);
    }

    /// <summary>Spends one permit of <paramref name="policy"/> for <paramref name="partitionKey"/> from this process's limiter, or throws <see cref="RateLimitExceededException"/>.</summary>
    public void Acquire(string policy, string partitionKey)
    {
        PolicyLimiter limiter;
        RateLimitLease lease;
        while (true)
        {
            limiter = Limiter(policy);
            try
            {
                lease = limiter.Limiter.AttemptAcquire(partitionKey);
                break;
            }
            catch (ObjectDisposedException)
            {
                // An admin replaced this policy's limiter between the lookup and the attempt (perhaps more than once):
                // count against the one in force now.
            }
        }

        using var leased = lease;
        Count(policy, lease.IsAcquired, lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(limiter.WindowSeconds));
    }

    private void Count(string policy, bool acquired, TimeSpan retryAfter)
    {
        _metrics.RateLimited(policy, acquired);
        var counts = _counts[policy];
        if (acquired)
        {
            Interlocked.Increment(ref counts.Permitted);
            return;
        }

        Interlocked.Increment(ref counts.Rejected);
        throw new RateLimitExceededException(policy, retryAfter);
    }

    public IReadOnlyList<RateLimitSnapshot> Snapshot() => RateLimitPolicies.All.Select(Snapshot).ToList();

    private RateLimitSnapshot Snapshot(string name)
    {
        var limiter = _limiters[name];
        var counts = _counts[name];
        return new RateLimitSnapshot(name, limiter.PermitLimit, limiter.WindowSeconds, Interlocked.Read(ref counts.Permitted), Interlocked.Read(ref counts.Rejected));
    }

    public async Task<RateLimitSnapshot> UpdateAsync(string policy, int permitLimit, int windowSeconds, string changedBy, CancellationToken cancellationToken = default)
    {
        if (permitLimit is < 1 or > RateLimitPolicyOptions.MaxPermitLimit)
        {
            throw new InvalidInputException("permit_limit", $"'permit_limit' must be between 1 and {RateLimitPolicyOptions.MaxPermitLimit}.");
        }

        if (windowSeconds is < 1 or > 86_400)
        {
            throw new InvalidInputException("window_seconds", "'window_seconds' must be between 1 and 86400.");
        }

        await _changes.WaitAsync(cancellationToken);
        try
        {
            var old = Limiter(policy);
            var name = RateLimitPolicies.All.First(n => n.Equals(policy, StringComparison.OrdinalIgnoreCase));
            await _store.SaveAsync(new RateLimitChange(name, old.PermitLimit, old.WindowSeconds, permitLimit, windowSeconds, changedBy, _time.GetUtcNow()), cancellationToken);
            Replace(name, permitLimit, windowSeconds);
            LogChanged(_logger, name, old.PermitLimit, old.WindowSeconds, permitLimit, windowSeconds, changedBy);
            return Snapshot(name);
        }
        finally
        {
            _changes.Release();
        }
    }

    /// <summary>
    /// Applies the stored overrides (at start, and periodically for changes another replica made); a policy whose
    /// limit is unchanged keeps its limiter and the windows it is counting.
    /// </summary>
    public async Task ApplyStoredOverridesAsync(CancellationToken cancellationToken = default)
    {
        var stored = await _store.ReadOverridesAsync(cancellationToken);
        await _changes.WaitAsync(cancellationToken);
        try
        {
            foreach (var (policy, settings) in stored)
            {
                if (_limiters.TryGetValue(policy, out var current)
                    && (current.PermitLimit != settings.PermitLimit || current.WindowSeconds != settings.WindowSeconds))
                {
                    Replace(RateLimitPolicies.All.First(n => n.Equals(policy, StringComparison.OrdinalIgnoreCase)), settings.PermitLimit, settings.WindowSeconds);
                }
            }
        }
        finally
        {
            _changes.Release();
        }
    }

    public Task<IReadOnlyList<RateLimitChange>> AuditAsync(int limit = 100, CancellationToken cancellationToken = default) => _store.AuditAsync(limit, cancellationToken);

    public void Dispose()
    {
        foreach (var limiter in _limiters.Values)
        {
            limiter.Limiter.Dispose();
        }

        _changes.Dispose();
    }

    private void Replace(string name, int permitLimit, int windowSeconds)
    {
        var old = _limiters[name];
        _limiters[name] = new PolicyLimiter(permitLimit, windowSeconds);
        old.Limiter.Dispose();
    }

    private PolicyLimiter Limiter(string policy) =>
        _limiters.TryGetValue(policy, out var limiter) ? limiter : throw new NotFoundException($"No rate-limit policy named '{policy}'. Known: {string.Join(", ", RateLimitPolicies.All)}.");

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
    }

    private sealed class PolicyCounts
    {
#pragma warning disable SA1401, CA1051 // Counters updated with Interlocked need fields.
        public long Permitted;
        public long Rejected;
#pragma warning restore SA1401, CA1051
    }
}
