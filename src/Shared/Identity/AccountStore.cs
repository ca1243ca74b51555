using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using RagMemory.Errors;
using RagMemory.Storage;

namespace RagMemory.Identity;

/// <summary>
/// Local accounts in SQLite, with ASP.NET Core Identity's PBKDF2 password hasher; their lifecycle (disable, delete,
/// new password), the audit trail of those changes, portal sessions, and the security-stamp check that makes every
/// change end the account's tokens and cookies.
/// </summary>
public sealed partial class AccountStore(SqliteDatabase database, TimeProvider time, IOptions<IdentityOptions> options)
{
    private const int MinimumPasswordLength = 12;
    private const string Columns = "username, password_hash, roles, created_at, security_stamp, disabled_at, disabled_by";

    /// <summary>OWASP's count for PBKDF2-HMAC-SHA512 (the hasher's V3 format); hashes made with fewer are redone at the next sign-in.</summary>
    public const int Pbkdf2Iterations = 210_000;

    private readonly PasswordHasher<string> _hasher = new(Options.Create(new PasswordHasherOptions { IterationCount = Pbkdf2Iterations }));

    // Each request checks the stamp; a short cache spares the database. Changes made by this process clear their
    // entry at once; another replica's change is seen within StampCacheDuration.
    private readonly ConcurrentDictionary<string, Cached<string?>> _stamps = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, Cached<bool>> _sessions = new(StringComparer.Ordinal);

    public Account Create(string? username, string? password, IReadOnlyList<string>? roles, string createdBy = "system")
    {
        if (username is null || !UsernameRule().IsMatch(username))
        {
            throw new InvalidInputException("username", "'username' must be 1-64 letters, digits, '.', '_', '-' or '@'.");
        }

        CheckPassword(password, "password");
        var account = new Account(username, Roles.Validate(roles), time.GetUtcNow(), NewStamp());
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO accounts(username, password_hash, roles, created_at, security_stamp) VALUES ($user, $hash, $roles, $at, $stamp) ON CONFLICT DO NOTHING;";
        insert.Parameters.AddWithValue("$user", username);
        insert.Parameters.AddWithValue("$hash", _hasher.HashPassword(username, password!));
        insert.Parameters.AddWithValue("$roles", JsonSerializer.Serialize(account.Roles));
        insert.Parameters.AddWithValue("$at", account.CreatedAt.ToUnixTimeMilliseconds());
        insert.Parameters.AddWithValue("$stamp", account.SecurityStamp);
        if (insert.ExecuteNonQuery() == 0)
        {
            throw new ConflictException($"An account named '{username}' already exists.");
        }

        WriteAudit(connection, transaction, username, "created", createdBy);
        transaction.Commit();
        return account;
    }

    /// <summary>The account when the password is right and the account enabled; null otherwise, without saying which part was wrong.</summary>
    public Account? Verify(string? username, string? password)
    {
        if (string.IsNullOrEmpty(username) || string.IsNullOrEmpty(password))
        {
            return null;
        }

        var (account, hash) = Read(username);
        if (account is null)
        {
            // Hash anyway so that an unknown name takes as long as a wrong password.
            _hasher.VerifyHashedPassword(username, DummyHash, password);
            return null;
        }

        var result = _hasher.VerifyHashedPassword(account.Username, hash!, password);
        if (result == PasswordVerificationResult.Failed || account.IsDisabled)
        {
            return null;
        }

        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            Rehash(account.Username, hash!, password);
        }

        return account;
    }

    /// <summary>Stores the password again with today's iteration count; the stamp stays, since the password did not change.</summary>
    private void Rehash(string username, string oldHash, string password)
    {
        using var connection = database.Open();
        using var update = connection.CreateCommand();
        update.CommandText = "UPDATE accounts SET password_hash = $hash WHERE username = $user AND password_hash = $old;";
        update.Parameters.AddWithValue("$user", username);
        update.Parameters.AddWithValue("$hash", _hasher.HashPassword(username, password));
        update.Parameters.AddWithValue("$old", oldHash);
        update.ExecuteNonQuery();
    }

    public Account? Find(string username) => Read(username).Account;

    public IReadOnlyList<Account> List()
    {
        using var connection = database.Open();
        using var read = connection.CreateCommand();
        read.CommandText = $"SELECT {Columns} FROM accounts ORDER BY username;";
        using var reader = read.ExecuteReader();
        var accounts = new List<Account>();
        while (reader.Read())
        {
            accounts.Add(ReadAccount(reader));
        }

        return accounts;
    }

    public bool Any()
    {
        using var connection = database.Open();
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT EXISTS(SELECT 1 FROM accounts);";
        return Convert.ToInt64(count.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 1;
    }

    /// <summary>
    /// An admin's change to another account: roles, enabled or disabled, a new password. Any change gives the account a
    /// new stamp, so its tokens and cookies (issued with the old roles or password) end on their next request.
    /// </summary>
    public Account Update(string username, IReadOnlyList<string>? roles, bool? disabled, string? password, string changedBy)
    {
        var account = Find(username) ?? throw new NotFoundException($"No account named '{username}'.");
        var newRoles = roles is null ? account.Roles : Roles.Validate(roles);
        if (password is not null)
        {
            CheckPassword(password, "password");
        }

        var willBeActiveAdmin = !(disabled ?? account.IsDisabled) && newRoles.Contains(Roles.Admin);
        if (!willBeActiveAdmin && IsActiveAdmin(account))
        {
            RefuseLastAdmin(account.Username, changedBy);
        }

        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        using var update = connection.CreateCommand();
        update.Transaction = transaction;
        update.CommandText = """
            UPDATE accounts SET roles = $roles, security_stamp = $stamp,
                password_hash = COALESCE($hash, password_hash),
                disabled_at = CASE WHEN $disabled IS NULL THEN disabled_at WHEN $disabled = 1 THEN COALESCE(disabled_at, $at) ELSE NULL END,
                disabled_by = CASE WHEN $disabled IS NULL THEN disabled_by WHEN $disabled = 1 THEN COALESCE(disabled_by, $by) ELSE NULL END
            WHERE username = $user;
            DELETE FROM account_sessions WHERE username = $user;
            """;
        update.Parameters.AddWithValue("$user", account.Username);
        update.Parameters.AddWithValue("$roles", JsonSerializer.Serialize(newRoles));
        update.Parameters.AddWithValue("$stamp", NewStamp());
        update.Parameters.AddWithValue("$hash", password is null ? DBNull.Value : _hasher.HashPassword(account.Username, password));
        update.Parameters.AddWithValue("$disabled", disabled is null ? DBNull.Value : disabled.Value ? 1 : 0);
        update.Parameters.AddWithValue("$at", time.GetUtcNow().ToUnixTimeMilliseconds());
        update.Parameters.AddWithValue("$by", changedBy);
        update.ExecuteNonQuery();
        var actions = new List<string>();
        if (roles is not null && !newRoles.SequenceEqual(account.Roles))
        {
            actions.Add($"roles {string.Join(",", newRoles)}");
        }

        if (disabled is { } d && d != account.IsDisabled)
        {
            actions.Add(d ? "disabled" : "enabled");
        }

        if (password is not null)
        {
            actions.Add("password reset");
        }

        WriteAudit(connection, transaction, account.Username, actions.Count == 0 ? "signed out everywhere" : string.Join("; ", actions), changedBy);
        transaction.Commit();
        Forget(account.Username);
        return Find(account.Username)!;
    }

    /// <summary>Deletes an account; the audit trail keeps what happened to it. Its tokens and cookies end with it.</summary>
    public void Delete(string username, string deletedBy)
    {
        var account = Find(username) ?? throw new NotFoundException($"No account named '{username}'.");
        if (IsActiveAdmin(account))
        {
            RefuseLastAdmin(account.Username, deletedBy);
        }

        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        using var delete = connection.CreateCommand();
        delete.Transaction = transaction;
        delete.CommandText = "DELETE FROM accounts WHERE username = $user; DELETE FROM account_sessions WHERE username = $user;";
        delete.Parameters.AddWithValue("$user", account.Username);
        delete.ExecuteNonQuery();
        WriteAudit(connection, transaction, account.Username, "deleted", deletedBy);
        transaction.Commit();
        Forget(account.Username);
    }

    /// <summary>A person's own new password; the current one must be right. Ends every other token and cookie of the account.</summary>
    public Account ChangePassword(string username, string? currentPassword, string? newPassword)
    {
        CheckPassword(newPassword, "new_password");
        if (Verify(username, currentPassword) is null)
        {
            throw new InvalidInputException("current_password", "'current_password' is not the account's password.");
        }

        return Rotate(username, newPassword, "password changed", username);
    }

    /// <summary>Ends every token, cookie and session of the account by giving it a new stamp.</summary>
    public void SignOutEverywhere(string username) => Rotate(username, password: null, "signed out everywhere", username);

    public IReadOnlyList<AccountAuditEntry> Audit(int limit = 100)
    {
        using var connection = database.Open();
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT username, action, done_by, done_at FROM account_audit ORDER BY id DESC LIMIT $limit;";
        read.Parameters.AddWithValue("$limit", limit);
        using var reader = read.ExecuteReader();
        var entries = new List<AccountAuditEntry>();
        while (reader.Read())
        {
            entries.Add(new AccountAuditEntry(reader.GetString(0), reader.GetString(1), reader.GetString(2), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3))));
        }

        return entries;
    }

    /// <summary>A new portal session of the account; its id goes into the cookie so that signing out ends exactly it.</summary>
    public string StartSession(string username)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        using var connection = database.Open();
        using var insert = connection.CreateCommand();
        // Sessions older than the cookie lifetime cannot be used any more: drop them on the way.
        insert.CommandText = "DELETE FROM account_sessions WHERE created_at < $expired; INSERT INTO account_sessions(session_id, username, created_at) VALUES ($id, $user, $at);";
        insert.Parameters.AddWithValue("$id", id);
        insert.Parameters.AddWithValue("$user", username);
        insert.Parameters.AddWithValue("$at", time.GetUtcNow().ToUnixTimeMilliseconds());
        insert.Parameters.AddWithValue("$expired", (time.GetUtcNow() - options.Value.CookieLifetime).ToUnixTimeMilliseconds());
        insert.ExecuteNonQuery();
        return id;
    }

    public void EndSession(string sessionId)
    {
        DeleteSessions("DELETE FROM account_sessions WHERE session_id = $value;", sessionId);
        _sessions.TryRemove(sessionId, out _);
    }

    /// <summary>Ends every portal session of <paramref name="owner"/> (a provider user signing out everywhere).</summary>
    public void EndSessions(string owner)
    {
        DeleteSessions("DELETE FROM account_sessions WHERE username = $value;", owner);
        _sessions.Clear();
    }

    /// <summary>
    /// Whether a token or cookie issued to <paramref name="username"/> with <paramref name="stamp"/> (and, for a cookie,
    /// <paramref name="sessionId"/>) still counts: false once the account is gone, disabled, re-passworded or signed out.
    /// </summary>
    public bool IsCurrent(string username, string? stamp, string? sessionId = null)
    {
        if (string.IsNullOrEmpty(stamp) || CurrentStamp(username) is not { } current
            || !CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(current), System.Text.Encoding.ASCII.GetBytes(stamp)))
        {
            return false;
        }

        return sessionId is null || IsSessionActive(sessionId);
    }

    private Account Rotate(string username, string? password, string action, string by)
    {
        var account = Find(username) ?? throw new NotFoundException($"No account named '{username}'.");
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        using var update = connection.CreateCommand();
        update.Transaction = transaction;
        update.CommandText = "UPDATE accounts SET security_stamp = $stamp, password_hash = COALESCE($hash, password_hash) WHERE username = $user; DELETE FROM account_sessions WHERE username = $user;";
        update.Parameters.AddWithValue("$user", account.Username);
        update.Parameters.AddWithValue("$stamp", NewStamp());
        update.Parameters.AddWithValue("$hash", password is null ? DBNull.Value : _hasher.HashPassword(account.Username, password));
        update.ExecuteNonQuery();
        WriteAudit(connection, transaction, account.Username, action, by);
        transaction.Commit();
        Forget(account.Username);
        return Find(account.Username)!;
    }

    private string? CurrentStamp(string username)
    {
        var now = time.GetUtcNow();
        if (_stamps.TryGetValue(username, out var cached) && now - cached.At < options.Value.StampCacheDuration)
        {
            return cached.Value;
        }

        var account = Find(username);
        var stamp = account is { IsDisabled: false } ? account.SecurityStamp : null;
        _stamps[username] = new Cached<string?>(stamp, now);
        return stamp;
    }

    /// <summary>Whether a portal session is still open (cached like the stamp).</summary>
    public bool IsSessionActive(string sessionId)
    {
        var now = time.GetUtcNow();
        if (_sessions.TryGetValue(sessionId, out var cached) && now - cached.At < options.Value.StampCacheDuration)
        {
            return cached.Value;
        }

        using var connection = database.Open();
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT EXISTS(SELECT 1 FROM account_sessions WHERE session_id = $id);";
        read.Parameters.AddWithValue("$id", sessionId);
        var active = Convert.ToInt64(read.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 1;
        _sessions[sessionId] = new Cached<bool>(active, now);
        return active;
    }

    private void DeleteSessions(string sql, string value)
    {
        using var connection = database.Open();
        using var delete = connection.CreateCommand();
        delete.CommandText = sql;
        delete.Parameters.AddWithValue("$value", value);
        delete.ExecuteNonQuery();
    }

    private void Forget(string username)
    {
        _stamps.TryRemove(username, out _);
        _sessions.Clear();
    }

    private bool IsActiveAdmin(Account account) => !account.IsDisabled && account.Roles.Contains(Roles.Admin);

    /// <summary>Nobody locks the whole installation out: the last enabled admin stays, and an admin does not remove their own admin.</summary>
    private void RefuseLastAdmin(string username, string by)
    {
        if (string.Equals(username, by, StringComparison.OrdinalIgnoreCase))
        {
            throw new ConflictException("You cannot disable, delete or demote your own admin account; another admin can.");
        }

        if (List().Count(IsActiveAdmin) <= 1)
        {
            throw new ConflictException($"'{username}' is the last enabled admin; make another admin first.");
        }
    }

    private (Account? Account, string? Hash) Read(string username)
    {
        using var connection = database.Open();
        using var read = connection.CreateCommand();
        read.CommandText = $"SELECT {Columns} FROM accounts WHERE username = $user;";
        read.Parameters.AddWithValue("$user", username);
        using var reader = read.ExecuteReader();
        return reader.Read() ? (ReadAccount(reader), reader.GetString(1)) : (null, null);
    }

    private void WriteAudit(SqliteConnection connection, SqliteTransaction transaction, string username, string action, string by)
    {
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO account_audit(username, action, done_by, done_at) VALUES ($user, $action, $by, $at);";
        insert.Parameters.AddWithValue("$user", username);
        insert.Parameters.AddWithValue("$action", action);
        insert.Parameters.AddWithValue("$by", by);
        insert.Parameters.AddWithValue("$at", time.GetUtcNow().ToUnixTimeMilliseconds());
        insert.ExecuteNonQuery();
    }

    private static void CheckPassword(string? password, string field)
    {
        if (password is null || password.Length < MinimumPasswordLength)
        {
            throw new InvalidInputException(field, $"'{field}' must be at least {MinimumPasswordLength} characters.");
        }
    }

    private static string NewStamp() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    private static readonly string DummyHash = new PasswordHasher<string>(Options.Create(new PasswordHasherOptions { IterationCount = Pbkdf2Iterations }))
        .HashPassword("dummy", Guid.NewGuid().ToString());

    private static Account ReadAccount(SqliteDataReader reader) => new(
        reader.GetString(0),
        JsonSerializer.Deserialize<List<string>>(reader.GetString(2))!,
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
        reader.GetString(4),
        reader.IsDBNull(5) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
        reader.IsDBNull(6) ? null : reader.GetString(6));

    // \z, not $: in .NET, $ also matches before a final newline, so "name\n" would pass.
    [GeneratedRegex(@"^[A-Za-z0-9._@-]{1,64}\z")]
    private static partial Regex UsernameRule();

    private sealed record Cached<T>(T Value, DateTimeOffset At);
}
