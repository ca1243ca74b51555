using RagMemory.Engines;

namespace RagMemory.Identity;

/// <summary>
/// The state port for local accounts, their portal sessions and the audit trail of their changes: SQLite embedded,
/// PostgreSQL for several replicas. Rules (password strength, the last admin, hashing, caching) live in
/// <see cref="AccountStore"/>; an adapter only keeps records, and every method that writes an audit entry writes it
/// in the same transaction as the change.
/// </summary>
public interface IAccountRepository : IDescribesEngine
{
    /// <summary>Adds the account and its audit entry; false (and nothing written) when the name is taken, in any letter case.</summary>
    Task<bool> InsertAsync(StoredAccount account, AccountAuditEntry audit, CancellationToken cancellationToken = default);

    /// <summary>The account by name, in any letter case, with its password hash.</summary>
    Task<StoredAccount?> FindAsync(string username, CancellationToken cancellationToken = default);

    /// <summary>Every account, by name.</summary>
    Task<IReadOnlyList<Account>> ListAsync(CancellationToken cancellationToken = default);

    Task<bool> AnyAsync(CancellationToken cancellationToken = default);

    /// <summary>Applies the change, ends every session of the account and writes the audit entry, at once.</summary>
    Task UpdateAsync(string username, AccountChange change, AccountAuditEntry audit, CancellationToken cancellationToken = default);

    /// <summary>Replaces the hash only while it is still <paramref name="oldHash"/> (a rehash with today's cost; the stamp stays).</summary>
    Task ReplacePasswordHashAsync(string username, string oldHash, string newHash, CancellationToken cancellationToken = default);

    /// <summary>Deletes the account with its sessions and writes the audit entry, at once; the audit trail stays.</summary>
    Task DeleteAsync(string username, AccountAuditEntry audit, CancellationToken cancellationToken = default);

    /// <summary>The newest <paramref name="limit"/> audit entries, newest first.</summary>
    Task<IReadOnlyList<AccountAuditEntry>> AuditAsync(int limit, CancellationToken cancellationToken = default);

    /// <summary>Opens a session and drops those started before <paramref name="expiredBefore"/>, which no cookie can still use.</summary>
    Task StartSessionAsync(AccountSession session, DateTimeOffset expiredBefore, CancellationToken cancellationToken = default);

    Task EndSessionAsync(string sessionId, CancellationToken cancellationToken = default);

    /// <summary>Ends every session of <paramref name="owner"/> (an account or a provider user).</summary>
    Task EndSessionsOfAsync(string owner, CancellationToken cancellationToken = default);

    Task<bool> IsSessionOpenAsync(string sessionId, CancellationToken cancellationToken = default);
}

/// <summary>An account as stored: the record and its password hash (never leaves the identity layer).</summary>
public sealed record StoredAccount(Account Account, string PasswordHash);

/// <summary>
/// One change to an account, always with a new security stamp. Null leaves a part as it is; <c>Disabled</c> true keeps
/// the first disabling's time and author, false clears them.
/// </summary>
public sealed record AccountChange(string SecurityStamp, IReadOnlyList<string>? Roles = null, string? PasswordHash = null, bool? Disabled = null, DateTimeOffset? At = null, string? By = null, Namespaces.NamespaceGrants? Namespaces = null);

/// <summary>A portal sign-in: its id is in the cookie, so that signing out ends exactly it.</summary>
public sealed record AccountSession(string SessionId, string Owner, DateTimeOffset StartedAt);
