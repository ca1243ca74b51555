using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using RagMemory.Engines;
using RagMemory.Identity;
using RagMemory.Namespaces;
using RagMemory.Storage;

namespace RagMemory.State.Embedded;

/// <summary>Accounts, their sessions and their audit trail in the data folder's SQLite file (names compare without case).</summary>
public sealed class SqliteAccountRepository(SqliteDatabase database) : IAccountRepository
{
    private const string Columns = "username, password_hash, roles, created_at, security_stamp, disabled_at, disabled_by, namespaces";

    public Task<bool> InsertAsync(StoredAccount account, AccountAuditEntry audit, CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        using var insert = Command(connection, transaction, "INSERT INTO accounts(username, password_hash, roles, created_at, security_stamp, namespaces) VALUES ($user, $hash, $roles, $at, $stamp, $namespaces) ON CONFLICT DO NOTHING;");
        insert.Parameters.AddWithValue("$namespaces", account.Account.Namespaces.ToJson());
        insert.Parameters.AddWithValue("$user", account.Account.Username);
        insert.Parameters.AddWithValue("$hash", account.PasswordHash);
        insert.Parameters.AddWithValue("$roles", JsonSerializer.Serialize(account.Account.Roles));
        insert.Parameters.AddWithValue("$at", account.Account.CreatedAt.ToUnixTimeMilliseconds());
        insert.Parameters.AddWithValue("$stamp", account.Account.SecurityStamp);
        if (insert.ExecuteNonQuery() == 0)
        {
            return Task.FromResult(false);
        }

        WriteAudit(connection, transaction, audit);
        transaction.Commit();
        return Task.FromResult(true);
    }

    public Task<StoredAccount?> FindAsync(string username, CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        using var read = Command(connection, null, $"SELECT {Columns} FROM accounts WHERE username = $user;");
        read.Parameters.AddWithValue("$user", username);
        using var reader = read.ExecuteReader();
        return Task.FromResult(reader.Read() ? new StoredAccount(ReadAccount(reader), reader.GetString(1)) : null);
    }

    public Task<IReadOnlyList<Account>> ListAsync(CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        using var read = Command(connection, null, $"SELECT {Columns} FROM accounts ORDER BY username;");
        using var reader = read.ExecuteReader();
        var accounts = new List<Account>();
        while (reader.Read())
        {
            accounts.Add(ReadAccount(reader));
        }

        return Task.FromResult<IReadOnlyList<Account>>(accounts);
    }

    public Task<bool> AnyAsync(CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        using var count = Command(connection, null, "SELECT EXISTS(SELECT 1 FROM accounts);");
        return Task.FromResult(Convert.ToInt64(count.ExecuteScalar(), CultureInfo.InvariantCulture) == 1);
    }

    public Task UpdateAsync(string username, AccountChange change, AccountAuditEntry audit, CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        using var update = Command(connection, transaction, """
            UPDATE accounts SET security_stamp = $stamp,
                roles = COALESCE($roles, roles),
                namespaces = COALESCE($namespaces, namespaces),
                password_hash = COALESCE($hash, password_hash),
                disabled_at = CASE WHEN $disabled IS NULL THEN disabled_at WHEN $disabled = 1 THEN COALESCE(disabled_at, $at) ELSE NULL END,
                disabled_by = CASE WHEN $disabled IS NULL THEN disabled_by WHEN $disabled = 1 THEN COALESCE(disabled_by, $by) ELSE NULL END
            WHERE username = $user;
            DELETE FROM account_sessions WHERE username = $user;
            """);
        update.Parameters.AddWithValue("$user", username);
        update.Parameters.AddWithValue("$stamp", change.SecurityStamp);
        update.Parameters.AddWithValue("$roles", change.Roles is null ? DBNull.Value : JsonSerializer.Serialize(change.Roles));
        update.Parameters.AddWithValue("$hash", (object?)change.PasswordHash ?? DBNull.Value);
        update.Parameters.AddWithValue("$namespaces", (object?)change.Namespaces?.ToJson() ?? DBNull.Value);
        update.Parameters.AddWithValue("$disabled", change.Disabled is null ? DBNull.Value : change.Disabled.Value ? 1 : 0);
        update.Parameters.AddWithValue("$at", (change.At ?? audit.DoneAt).ToUnixTimeMilliseconds());
        update.Parameters.AddWithValue("$by", change.By ?? audit.DoneBy);
        update.ExecuteNonQuery();
        WriteAudit(connection, transaction, audit);
        transaction.Commit();
        return Task.CompletedTask;
    }

    public Task ReplacePasswordHashAsync(string username, string oldHash, string newHash, CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        using var update = Command(connection, null, "UPDATE accounts SET password_hash = $hash WHERE username = $user AND password_hash = $old;");
        update.Parameters.AddWithValue("$user", username);
        update.Parameters.AddWithValue("$hash", newHash);
        update.Parameters.AddWithValue("$old", oldHash);
        update.ExecuteNonQuery();
        return Task.CompletedTask;
    }

    public Task DeleteAsync(string username, AccountAuditEntry audit, CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        using var delete = Command(connection, transaction, "DELETE FROM accounts WHERE username = $user; DELETE FROM account_sessions WHERE username = $user;");
        delete.Parameters.AddWithValue("$user", username);
        delete.ExecuteNonQuery();
        WriteAudit(connection, transaction, audit);
        transaction.Commit();
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<AccountAuditEntry>> AuditAsync(int limit, CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        using var read = Command(connection, null, "SELECT username, action, done_by, done_at FROM account_audit ORDER BY id DESC LIMIT $limit;");
        read.Parameters.AddWithValue("$limit", limit);
        using var reader = read.ExecuteReader();
        var entries = new List<AccountAuditEntry>();
        while (reader.Read())
        {
            entries.Add(new AccountAuditEntry(reader.GetString(0), reader.GetString(1), reader.GetString(2), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3))));
        }

        return Task.FromResult<IReadOnlyList<AccountAuditEntry>>(entries);
    }

    public Task StartSessionAsync(AccountSession session, DateTimeOffset expiredBefore, CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        using var insert = Command(connection, null, "DELETE FROM account_sessions WHERE created_at < $expired; INSERT INTO account_sessions(session_id, username, created_at) VALUES ($id, $user, $at);");
        insert.Parameters.AddWithValue("$id", session.SessionId);
        insert.Parameters.AddWithValue("$user", session.Owner);
        insert.Parameters.AddWithValue("$at", session.StartedAt.ToUnixTimeMilliseconds());
        insert.Parameters.AddWithValue("$expired", expiredBefore.ToUnixTimeMilliseconds());
        insert.ExecuteNonQuery();
        return Task.CompletedTask;
    }

    public Task EndSessionAsync(string sessionId, CancellationToken cancellationToken = default) =>
        DeleteSessions("DELETE FROM account_sessions WHERE session_id = $value;", sessionId);

    public Task EndSessionsOfAsync(string owner, CancellationToken cancellationToken = default) =>
        DeleteSessions("DELETE FROM account_sessions WHERE username = $value;", owner);

    public Task<bool> IsSessionOpenAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        using var read = Command(connection, null, "SELECT EXISTS(SELECT 1 FROM account_sessions WHERE session_id = $id);");
        read.Parameters.AddWithValue("$id", sessionId);
        return Task.FromResult(Convert.ToInt64(read.ExecuteScalar(), CultureInfo.InvariantCulture) == 1);
    }

    private Task DeleteSessions(string sql, string value)
    {
        using var connection = database.Open();
        using var delete = Command(connection, null, sql);
        delete.Parameters.AddWithValue("$value", value);
        delete.ExecuteNonQuery();
        return Task.CompletedTask;
    }

    private static void WriteAudit(SqliteConnection connection, SqliteTransaction transaction, AccountAuditEntry audit)
    {
        using var insert = Command(connection, transaction, "INSERT INTO account_audit(username, action, done_by, done_at) VALUES ($user, $action, $by, $at);");
        insert.Parameters.AddWithValue("$user", audit.Username);
        insert.Parameters.AddWithValue("$action", audit.Action);
        insert.Parameters.AddWithValue("$by", audit.DoneBy);
        insert.Parameters.AddWithValue("$at", audit.DoneAt.ToUnixTimeMilliseconds());
        insert.ExecuteNonQuery();
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private static Account ReadAccount(SqliteDataReader reader) => new(
        reader.GetString(0),
        JsonSerializer.Deserialize<List<string>>(reader.GetString(2))!,
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
        reader.GetString(4),
        reader.IsDBNull(5) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
        reader.IsDBNull(6) ? null : reader.GetString(6))
    {
        Namespaces = NamespaceGrants.FromJson(reader.GetString(7)),
    };

    public Task<EngineDescription> DescribeAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(database.Describe("SQLite", ("accounts", "SELECT count(*) FROM accounts;"), ("portal sessions", "SELECT count(*) FROM account_sessions;")));
}
