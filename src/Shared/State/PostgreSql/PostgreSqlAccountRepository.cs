using Npgsql;
using RagMemory.Engines;
using RagMemory.Identity;
using RagMemory.Namespaces;

namespace RagMemory.State.PostgreSql;

/// <summary>
/// Local accounts, their portal sessions and the audit trail, shared by every replica. Names match in any letter case
/// (<c>lower(username)</c> is unique). Each change and its audit entry go in one batch, which PostgreSQL runs as one
/// transaction.
/// </summary>
public sealed class PostgreSqlAccountRepository(PostgreSqlDatabase database) : IAccountRepository, IDescribesEngine
{
    private const string Columns = "username, password_hash, roles, created_at, security_stamp, disabled_at, disabled_by, namespaces";
    private const string AuditInsert = "INSERT INTO account_audit(username, action, done_by, done_at) VALUES ($1, $2, $3, $4);";

    public async Task<bool> InsertAsync(StoredAccount account, AccountAuditEntry audit, CancellationToken cancellationToken = default)
    {
        // One statement: the audit row is written only when the account row was, whichever replica wins a race for the name.
        var a = account.Account;
        var written = await database.ExecuteAsync(
            """
            WITH added AS (
                INSERT INTO accounts(username, password_hash, roles, created_at, security_stamp, disabled_at, disabled_by, namespaces)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $12) ON CONFLICT DO NOTHING RETURNING 1)
            INSERT INTO account_audit(username, action, done_by, done_at) SELECT $8, $9, $10, $11 FROM added;
            """,
            cancellationToken,
            a.Username,
            account.PasswordHash,
            a.Roles.ToArray(),
            a.CreatedAt.ToUniversalTime(),
            a.SecurityStamp,
            a.DisabledAt?.ToUniversalTime(),
            a.DisabledBy,
            audit.Username,
            audit.Action,
            audit.DoneBy,
            audit.DoneAt.ToUniversalTime(),
            a.Namespaces.ToJson()).ConfigureAwait(false);
        return written == 1;
    }

    public async Task<StoredAccount?> FindAsync(string username, CancellationToken cancellationToken = default) =>
        (await database.QueryAsync($"SELECT {Columns} FROM accounts WHERE lower(username) = lower($1);", r => new StoredAccount(ReadAccount(r), r.GetString(1)), cancellationToken, username).ConfigureAwait(false))
            .SingleOrDefault();

    public async Task<IReadOnlyList<Account>> ListAsync(CancellationToken cancellationToken = default) =>
        await database.QueryAsync($"SELECT {Columns} FROM accounts ORDER BY lower(username), username;", ReadAccount, cancellationToken).ConfigureAwait(false);

    public async Task<bool> AnyAsync(CancellationToken cancellationToken = default) =>
        (await database.QueryAsync("SELECT EXISTS (SELECT 1 FROM accounts);", r => r.GetBoolean(0), cancellationToken).ConfigureAwait(false))[0];

    public Task UpdateAsync(string username, AccountChange change, AccountAuditEntry audit, CancellationToken cancellationToken = default) =>
        database.ExecuteAtomicallyAsync(
            cancellationToken,
            ("""
             UPDATE accounts SET
                 security_stamp = $2,
                 roles = COALESCE($3, roles),
                 namespaces = COALESCE($8, namespaces),
                 password_hash = COALESCE($4, password_hash),
                 disabled_by = CASE WHEN $5::boolean IS NULL THEN disabled_by WHEN $5 THEN COALESCE(disabled_by, $7) ELSE NULL END,
                 disabled_at = CASE WHEN $5::boolean IS NULL THEN disabled_at WHEN $5 THEN COALESCE(disabled_at, $6) ELSE NULL END
             WHERE lower(username) = lower($1);
             """,
             [username, change.SecurityStamp, change.Roles?.ToArray(), change.PasswordHash, change.Disabled, change.At?.ToUniversalTime(), change.By, change.Namespaces?.ToJson()]),
            ("DELETE FROM account_sessions WHERE lower(owner) = lower($1);", [username]),
            Audit(audit));

    public Task ReplacePasswordHashAsync(string username, string oldHash, string newHash, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync("UPDATE accounts SET password_hash = $3 WHERE lower(username) = lower($1) AND password_hash = $2;", cancellationToken, username, oldHash, newHash);

    public Task DeleteAsync(string username, AccountAuditEntry audit, CancellationToken cancellationToken = default) =>
        database.ExecuteAtomicallyAsync(
            cancellationToken,
            ("DELETE FROM accounts WHERE lower(username) = lower($1);", [username]),
            ("DELETE FROM account_sessions WHERE lower(owner) = lower($1);", [username]),
            Audit(audit));

    public async Task<IReadOnlyList<AccountAuditEntry>> AuditAsync(int limit, CancellationToken cancellationToken = default) =>
        await database.QueryAsync(
            "SELECT username, action, done_by, done_at FROM account_audit ORDER BY id DESC LIMIT $1;",
            r => new AccountAuditEntry(r.GetString(0), r.GetString(1), r.GetString(2), r.GetFieldValue<DateTimeOffset>(3)),
            cancellationToken,
            limit).ConfigureAwait(false);

    public Task StartSessionAsync(AccountSession session, DateTimeOffset expiredBefore, CancellationToken cancellationToken = default) =>
        database.ExecuteAtomicallyAsync(
            cancellationToken,
            ("INSERT INTO account_sessions(session_id, owner, started_at) VALUES ($1, $2, $3) ON CONFLICT (session_id) DO NOTHING;", [session.SessionId, session.Owner, session.StartedAt.ToUniversalTime()]),
            ("DELETE FROM account_sessions WHERE started_at < $1;", [expiredBefore.ToUniversalTime()]));

    public Task EndSessionAsync(string sessionId, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync("DELETE FROM account_sessions WHERE session_id = $1;", cancellationToken, sessionId);

    public Task EndSessionsOfAsync(string owner, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync("DELETE FROM account_sessions WHERE lower(owner) = lower($1);", cancellationToken, owner);

    public async Task<bool> IsSessionOpenAsync(string sessionId, CancellationToken cancellationToken = default) =>
        (await database.QueryAsync("SELECT EXISTS (SELECT 1 FROM account_sessions WHERE session_id = $1);", r => r.GetBoolean(0), cancellationToken, sessionId).ConfigureAwait(false))[0];

    public Task<EngineDescription> DescribeAsync(CancellationToken cancellationToken = default) =>
        database.DescribeAsync([("accounts", "accounts"), ("portal sessions", "account_sessions"), ("account audit entries", "account_audit")], cancellationToken);

    private static (string, object?[]) Audit(AccountAuditEntry audit) => (AuditInsert, [audit.Username, audit.Action, audit.DoneBy, audit.DoneAt.ToUniversalTime()]);

    private static Account ReadAccount(NpgsqlDataReader r) => new(
        r.GetString(0),
        r.GetFieldValue<string[]>(2),
        r.GetFieldValue<DateTimeOffset>(3),
        r.GetString(4),
        r.IsDBNull(5) ? null : r.GetFieldValue<DateTimeOffset>(5),
        r.IsDBNull(6) ? null : r.GetString(6))
    {
        Namespaces = NamespaceGrants.FromJson(r.GetString(7)),
    };
}
