using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using RagMemory.Errors;
using RagMemory.Storage;

namespace RagMemory.Identity;

/// <summary>Local accounts in SQLite, with ASP.NET Core Identity's PBKDF2 password hasher.</summary>
public sealed partial class AccountStore(SqliteDatabase database, TimeProvider time)
{
    private const int MinimumPasswordLength = 12;
    private readonly PasswordHasher<string> _hasher = new();

    public Account Create(string? username, string? password, IReadOnlyList<string>? roles)
    {
        if (username is null || !UsernameRule().IsMatch(username))
        {
            throw new InvalidInputException("username", "'username' must be 1-64 letters, digits, '.', '_', '-' or '@'.");
        }

        if (password is null || password.Length < MinimumPasswordLength)
        {
            throw new InvalidInputException("password", $"'password' must be at least {MinimumPasswordLength} characters.");
        }

        var account = new Account(username, Roles.Validate(roles), time.GetUtcNow());
        using var connection = database.Open();
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO accounts(username, password_hash, roles, created_at) VALUES ($user, $hash, $roles, $at) ON CONFLICT DO NOTHING;";
        insert.Parameters.AddWithValue("$user", username);
        insert.Parameters.AddWithValue("$hash", _hasher.HashPassword(username, password));
        insert.Parameters.AddWithValue("$roles", JsonSerializer.Serialize(account.Roles));
        insert.Parameters.AddWithValue("$at", account.CreatedAt.ToUnixTimeMilliseconds());
        if (insert.ExecuteNonQuery() == 0)
        {
            throw new ConflictException($"An account named '{username}' already exists.");
        }

        return account;
    }

    /// <summary>The account when the password is right; null otherwise, without saying which part was wrong.</summary>
    public Account? Verify(string? username, string? password)
    {
        if (string.IsNullOrEmpty(username) || string.IsNullOrEmpty(password))
        {
            return null;
        }

        using var connection = database.Open();
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT username, password_hash, roles, created_at FROM accounts WHERE username = $user;";
        read.Parameters.AddWithValue("$user", username);
        using var reader = read.ExecuteReader();
        if (!reader.Read())
        {
            // Hash anyway so that an unknown name takes as long as a wrong password.
            _hasher.VerifyHashedPassword(username, DummyHash, password);
            return null;
        }

        var result = _hasher.VerifyHashedPassword(reader.GetString(0), reader.GetString(1), password);
        return result == PasswordVerificationResult.Failed ? null : ReadAccount(reader);
    }

    public IReadOnlyList<Account> List()
    {
        using var connection = database.Open();
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT username, password_hash, roles, created_at FROM accounts ORDER BY username;";
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

    private static readonly string DummyHash = new PasswordHasher<string>().HashPassword("dummy", Guid.NewGuid().ToString());

    private static Account ReadAccount(SqliteDataReader reader) => new(
        reader.GetString(0),
        JsonSerializer.Deserialize<List<string>>(reader.GetString(2))!,
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)));

    [GeneratedRegex(@"^[A-Za-z0-9._@-]{1,64}$")]
    private static partial Regex UsernameRule();
}
