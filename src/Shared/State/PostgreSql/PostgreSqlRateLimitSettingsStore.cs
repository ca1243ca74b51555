using RagMemory.Engines;
using RagMemory.RateLimiting;

namespace RagMemory.State.PostgreSql;

/// <summary>Limits an admin changed, and the audit trail of those changes, shared by every replica.</summary>
public sealed class PostgreSqlRateLimitSettingsStore(PostgreSqlDatabase database) : IRateLimitSettingsStore, IDescribesEngine
{
    public async Task<IReadOnlyDictionary<string, RateLimitPolicyOptions>> ReadOverridesAsync(CancellationToken cancellationToken = default) =>
        (await database.QueryAsync(
            "SELECT policy, permit_limit, window_seconds FROM rate_limit_overrides;",
            r => (Policy: r.GetString(0), Options: new RateLimitPolicyOptions { PermitLimit = r.GetInt32(1), WindowSeconds = r.GetInt32(2) }),
            cancellationToken).ConfigureAwait(false))
            .ToDictionary(o => o.Policy, o => o.Options, StringComparer.OrdinalIgnoreCase);

    public Task SaveAsync(RateLimitChange change, CancellationToken cancellationToken = default) =>
        database.ExecuteAtomicallyAsync(
            cancellationToken,
            ("""
             INSERT INTO rate_limit_overrides(policy, permit_limit, window_seconds) VALUES ($1, $2, $3)
             ON CONFLICT (policy) DO UPDATE SET permit_limit = excluded.permit_limit, window_seconds = excluded.window_seconds;
             """,
             [change.Policy, change.NewPermitLimit, change.NewWindowSeconds]),
            ("""
             INSERT INTO rate_limit_audit(policy, old_permit_limit, old_window_seconds, new_permit_limit, new_window_seconds, changed_by, changed_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7);
             """,
             [change.Policy, change.OldPermitLimit, change.OldWindowSeconds, change.NewPermitLimit, change.NewWindowSeconds, change.ChangedBy, change.ChangedAt.ToUniversalTime()]));

    public async Task<IReadOnlyList<RateLimitChange>> AuditAsync(int limit, CancellationToken cancellationToken = default) =>
        await database.QueryAsync(
            """
            SELECT policy, old_permit_limit, old_window_seconds, new_permit_limit, new_window_seconds, changed_by, changed_at
            FROM rate_limit_audit ORDER BY id DESC LIMIT $1;
            """,
            r => new RateLimitChange(r.GetString(0), r.GetInt32(1), r.GetInt32(2), r.GetInt32(3), r.GetInt32(4), r.GetString(5), r.GetFieldValue<DateTimeOffset>(6)),
            cancellationToken,
            limit).ConfigureAwait(false);

    public Task<EngineDescription> DescribeAsync(CancellationToken cancellationToken = default) =>
        database.DescribeAsync([("limit overrides", "rate_limit_overrides"), ("limit changes", "rate_limit_audit")], cancellationToken);
}
