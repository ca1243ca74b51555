using RagMemory.RateLimiting;
using RagMemory.Storage;

namespace RagMemory.State.Embedded;

/// <summary>Rate-limit overrides and their audit trail in the data folder's SQLite file.</summary>
public sealed class SqliteRateLimitSettingsStore(SqliteDatabase database) : IRateLimitSettingsStore
{
    public Task<IReadOnlyDictionary<string, RateLimitPolicyOptions>> ReadOverridesAsync(CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT policy, permit_limit, window_seconds FROM rate_limit_overrides;";
        using var reader = read.ExecuteReader();
        var overrides = new Dictionary<string, RateLimitPolicyOptions>(StringComparer.OrdinalIgnoreCase);
        while (reader.Read())
        {
            overrides[reader.GetString(0)] = new RateLimitPolicyOptions { PermitLimit = reader.GetInt32(1), WindowSeconds = reader.GetInt32(2) };
        }

        return Task.FromResult<IReadOnlyDictionary<string, RateLimitPolicyOptions>>(overrides);
    }

    public Task SaveAsync(RateLimitChange change, CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
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
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<RateLimitChange>> AuditAsync(int limit, CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
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

        return Task.FromResult<IReadOnlyList<RateLimitChange>>(changes);
    }
}
