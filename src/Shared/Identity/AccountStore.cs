using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using RagMemory.Errors;
using RagMemory.Namespaces;

namespace RagMemory.Identity;

/// <summary>
/// The rules of local accounts, kept by an <see cref="IAccountRepository"/>: ASP.NET Core Identity's PBKDF2 password
/// hasher, their lifecycle (disable, delete, new password) with its audit trail, portal sessions, and the
/// security-stamp check that makes every change end the account's tokens and cookies.
/// </summary>
public sealed partial class AccountStore(IAccountRepository repository, TimeProvider time, IOptions<IdentityOptions> options)
{
    private const int MinimumPasswordLength = 12;

    /// <summary>OWASP's count for PBKDF2-HMAC-SHA512 (the hasher's V3 format); hashes made with fewer are redone at the next sign-in.</summary>
    public const int Pbkdf2Iterations = 210_000;

    private readonly PasswordHasher<string> _hasher = new(Options.Create(new PasswordHasherOptions { IterationCount = Pbkdf2Iterations }));

    // Each request checks the stamp; a short cache spares the database. Changes made by this process clear their
    // entry at once; another replica's change is seen within StampCacheDuration.
    private readonly ConcurrentDictionary<string, Cached<string?>> _stamps = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, Cached<bool>> _sessions = new(StringComparer.Ordinal);

    /// <summary>A new account; <paramref name="namespaces"/> null gives it <see cref="NamespaceGrants.Default"/>.</summary>
    public async Task<Account> CreateAsync(string? username, string? password, IReadOnlyList<string>? roles, string createdBy = "system", CancellationToken cancellationToken = default, NamespaceGrants? namespaces = null)
    {
        if (username is null || !UsernameRule().IsMatch(username))
        {
            throw new InvalidInputException("username", "'username' must be 1-64 letters, digits, '.', '_', '-' or '@'.");
        }

        CheckPassword(password, "password");
        var account = new Account(username, Roles.Validate(roles), time.GetUtcNow(), NewStamp()) { Namespaces = NamespaceGrants.Validate(namespaces) ?? NamespaceGrants.Default };
        var stored = new StoredAccount(account, _hasher.HashPassword(username, password!));
        if (!await repository.InsertAsync(stored, Audit(username, "created", createdBy), cancellationToken))
        {
            throw new ConflictException($"An account named '{username}' already exists.");
        }

        return account;
    }

    /// <summary>The account when the password is right and the account enabled; null otherwise, without saying which part was wrong.</summary>
    public async Task<Account?> VerifyAsync(string? username, string? password, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(username) || string.IsNullOrEmpty(password))
        {
            return null;
        }

        if (await repository.FindAsync(username, cancellationToken) is not { } stored)
        {
            // Hash anyway so that an unknown name takes as long as a wrong password.
            _hasher.VerifyHashedPassword(username, DummyHash, password);
            return null;
        }

        var account = stored.Account;
        var result = _hasher.VerifyHashedPassword(account.Username, stored.PasswordHash, password);
        if (result == PasswordVerificationResult.Failed || account.IsDisabled)
        {
            return null;
        }

        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            // Stored again with today's iteration count; the stamp stays, since the password did not change.
            await repository.ReplacePasswordHashAsync(account.Username, stored.PasswordHash, _hasher.HashPassword(account.Username, password), cancellationToken);
        }

        return account;
    }

    public async Task<Account?> FindAsync(string username, CancellationToken cancellationToken = default) =>
        (await repository.FindAsync(username, cancellationToken))?.Account;

    public Task<IReadOnlyList<Account>> ListAsync(CancellationToken cancellationToken = default) => repository.ListAsync(cancellationToken);

    public Task<bool> AnyAsync(CancellationToken cancellationToken = default) => repository.AnyAsync(cancellationToken);

    /// <summary>
    /// An admin's change to another account: roles, enabled or disabled, a new password. Any change gives the account a
    /// new stamp, so its tokens and cookies (issued with the old roles or password) end on their next request.
    /// </summary>
    public async Task<Account> UpdateAsync(string username, IReadOnlyList<string>? roles, bool? disabled, string? password, string changedBy, CancellationToken cancellationToken = default, NamespaceGrants? namespaces = null)
    {
        var account = await FindAsync(username, cancellationToken) ?? throw new NotFoundException($"No account named '{username}'.");
        var newRoles = roles is null ? account.Roles : Roles.Validate(roles);
        var newNamespaces = NamespaceGrants.Validate(namespaces);
        if (password is not null)
        {
            CheckPassword(password, "password");
        }

        var willBeActiveAdmin = !(disabled ?? account.IsDisabled) && newRoles.Contains(Roles.Admin);
        if (!willBeActiveAdmin && IsActiveAdmin(account))
        {
            await RefuseLastAdminAsync(account.Username, changedBy, cancellationToken);
        }

        var actions = new List<string>();
        if (roles is not null && !newRoles.SequenceEqual(account.Roles))
        {
            actions.Add($"roles {string.Join(",", newRoles)}");
        }

        if (newNamespaces is not null && !newNamespaces.Equals(account.Namespaces))
        {
            actions.Add($"namespaces {newNamespaces}");
        }

        if (disabled is { } d && d != account.IsDisabled)
        {
            actions.Add(d ? "disabled" : "enabled");
        }

        if (password is not null)
        {
            actions.Add("password reset");
        }

        var change = new AccountChange(
            NewStamp(),
            newRoles,
            password is null ? null : _hasher.HashPassword(account.Username, password),
            disabled,
            time.GetUtcNow(),
            changedBy,
            newNamespaces);
        var audit = Audit(account.Username, actions.Count == 0 ? "signed out everywhere" : string.Join("; ", actions), changedBy);
        await repository.UpdateAsync(account.Username, change, audit, cancellationToken);
        Forget(account.Username);
        return (await FindAsync(account.Username, cancellationToken))!;
    }

    /// <summary>Deletes an account; the audit trail keeps what happened to it. Its tokens and cookies end with it.</summary>
    public async Task DeleteAsync(string username, string deletedBy, CancellationToken cancellationToken = default)
    {
        var account = await FindAsync(username, cancellationToken) ?? throw new NotFoundException($"No account named '{username}'.");
        if (IsActiveAdmin(account))
        {
            await RefuseLastAdminAsync(account.Username, deletedBy, cancellationToken);
        }

        await repository.DeleteAsync(account.Username, Audit(account.Username, "deleted", deletedBy), cancellationToken);
        Forget(account.Username);
    }

    /// <summary>A person's own new password; the current one must be right. Ends every other token and cookie of the account.</summary>
    public async Task<Account> ChangePasswordAsync(string username, string? currentPassword, string? newPassword, CancellationToken cancellationToken = default)
    {
        CheckPassword(newPassword, "new_password");
        if (await VerifyAsync(username, currentPassword, cancellationToken) is null)
        {
            throw new InvalidInputException("current_password", "'current_password' is not the account's password.");
        }

        return await RotateAsync(username, newPassword, "password changed", username, cancellationToken);
    }

    /// <summary>Ends every token, cookie and session of the account by giving it a new stamp.</summary>
    public Task SignOutEverywhereAsync(string username, CancellationToken cancellationToken = default) =>
        RotateAsync(username, password: null, "signed out everywhere", username, cancellationToken);

    public Task<IReadOnlyList<AccountAuditEntry>> AuditAsync(int limit = 100, CancellationToken cancellationToken = default) =>
        repository.AuditAsync(limit, cancellationToken);

    /// <summary>A new portal session of the account; its id goes into the cookie so that signing out ends exactly it.</summary>
    public async Task<string> StartSessionAsync(string username, CancellationToken cancellationToken = default)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var now = time.GetUtcNow();
        await repository.StartSessionAsync(new AccountSession(id, username, now), now - options.Value.CookieLifetime, cancellationToken);
        return id;
    }

    public async Task EndSessionAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        await repository.EndSessionAsync(sessionId, cancellationToken);
        _sessions.TryRemove(sessionId, out _);
    }

    /// <summary>Ends every portal session of <paramref name="owner"/> (a provider user signing out everywhere).</summary>
    public async Task EndSessionsAsync(string owner, CancellationToken cancellationToken = default)
    {
        await repository.EndSessionsOfAsync(owner, cancellationToken);
        _sessions.Clear();
    }

    /// <summary>
    /// Whether a token or cookie issued to <paramref name="username"/> with <paramref name="stamp"/> (and, for a cookie,
    /// <paramref name="sessionId"/>) still counts: false once the account is gone, disabled, re-passworded or signed out.
    /// </summary>
    public async Task<bool> IsCurrentAsync(string username, string? stamp, string? sessionId = null, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(stamp) || await CurrentStampAsync(username, cancellationToken) is not { } current
            || !CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(current), System.Text.Encoding.ASCII.GetBytes(stamp)))
        {
            return false;
        }

        return sessionId is null || await IsSessionActiveAsync(sessionId, cancellationToken);
    }

    /// <summary>Whether a portal session is still open (cached like the stamp).</summary>
    public async Task<bool> IsSessionActiveAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        if (_sessions.TryGetValue(sessionId, out var cached) && now - cached.At < options.Value.StampCacheDuration)
        {
            return cached.Value;
        }

        var active = await repository.IsSessionOpenAsync(sessionId, cancellationToken);
        _sessions[sessionId] = new Cached<bool>(active, now);
        return active;
    }

    private async Task<Account> RotateAsync(string username, string? password, string action, string by, CancellationToken cancellationToken)
    {
        var account = await FindAsync(username, cancellationToken) ?? throw new NotFoundException($"No account named '{username}'.");
        var change = new AccountChange(NewStamp(), PasswordHash: password is null ? null : _hasher.HashPassword(account.Username, password));
        await repository.UpdateAsync(account.Username, change, Audit(account.Username, action, by), cancellationToken);
        Forget(account.Username);
        return (await FindAsync(account.Username, cancellationToken))!;
    }

    private async Task<string?> CurrentStampAsync(string username, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_stamps.TryGetValue(username, out var cached) && now - cached.At < options.Value.StampCacheDuration)
        {
            return cached.Value;
        }

        var account = await FindAsync(username, cancellationToken);
        var stamp = account is { IsDisabled: false } ? account.SecurityStamp : null;
        _stamps[username] = new Cached<string?>(stamp, now);
        return stamp;
    }

    private AccountAuditEntry Audit(string username, string action, string by) => new(username, action, by, time.GetUtcNow());

    private void Forget(string username)
    {
        _stamps.TryRemove(username, out _);
        _sessions.Clear();
    }

    private static bool IsActiveAdmin(Account account) => !account.IsDisabled && account.Roles.Contains(Roles.Admin);

    /// <summary>Nobody locks the whole installation out: the last enabled admin stays, and an admin does not remove their own admin.</summary>
    private async Task RefuseLastAdminAsync(string username, string by, CancellationToken cancellationToken)
    {
        if (string.Equals(username, by, StringComparison.OrdinalIgnoreCase))
        {
            throw new ConflictException("You cannot disable, delete or demote your own admin account; another admin can.");
        }

        if ((await ListAsync(cancellationToken)).Count(IsActiveAdmin) <= 1)
        {
            throw new ConflictException($"'{username}' is the last enabled admin; make another admin first.");
        }
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

    // \z, not $: in .NET, $ also matches before a final newline, so "name\n" would pass.
    [GeneratedRegex(@"^[A-Za-z0-9._@-]{1,64}\z")]
    private static partial Regex UsernameRule();

    private sealed record Cached<T>(T Value, DateTimeOffset At);
}
