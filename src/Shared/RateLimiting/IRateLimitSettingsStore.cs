namespace RagMemory.RateLimiting;

/// <summary>
/// The state port for limits an admin changed, and the audit trail of those changes: SQLite embedded, PostgreSQL for
/// several replicas (each replica reads the overrides again every <c>RateLimiting:RefreshInterval</c>).
/// </summary>
public interface IRateLimitSettingsStore
{
    /// <summary>The overridden policies by name (case-insensitive).</summary>
    Task<IReadOnlyDictionary<string, RateLimitPolicyOptions>> ReadOverridesAsync(CancellationToken cancellationToken = default);

    /// <summary>Stores the new limit of the change's policy and the change in the audit trail, at once.</summary>
    Task SaveAsync(RateLimitChange change, CancellationToken cancellationToken = default);

    /// <summary>The newest <paramref name="limit"/> changes, newest first.</summary>
    Task<IReadOnlyList<RateLimitChange>> AuditAsync(int limit, CancellationToken cancellationToken = default);
}
