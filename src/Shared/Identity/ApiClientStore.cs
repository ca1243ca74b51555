using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Data.Sqlite;
using RagMemory.Errors;
using RagMemory.Storage;

namespace RagMemory.Identity;

/// <summary>
/// API clients in SQLite. A secret is 256 random bits, so a plain SHA-256 of it is enough to store (a slow password
/// hash protects guessable secrets; these are not guessable). Revoking keeps the row, so who revoked what stays known.
/// </summary>
public sealed class ApiClientStore(SqliteDatabase database, TimeProvider time)
{
    private const int MaxNameLength = 100;
    private const string Columns = "client_id, name, roles, created_by, created_at, revoked_by, revoked_at";

    public CreatedApiClient Create(string? name, IReadOnlyList<string>? roles, string createdBy)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > MaxNameLength)
        {
            throw new InvalidInputException("name", $"'name' must be 1-{MaxNameLength} characters.");
        }

        var client = new ApiClient($"rmc_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}", name.Trim(), Identity.Roles.Validate(roles), createdBy, time.GetUtcNow(), null, null);
        var secret = $"rms_{WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32))}";
        using var connection = database.Open();
        using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO api_clients(client_id, name, secret_sha256, roles, created_by, created_at)
            VALUES ($id, $name, $hash, $roles, $by, $at);
            """;
        insert.Parameters.AddWithValue("$id", client.ClientId);
        insert.Parameters.AddWithValue("$name", client.Name);
        insert.Parameters.AddWithValue("$hash", Hash(secret));
        insert.Parameters.AddWithValue("$roles", JsonSerializer.Serialize(client.Roles));
        insert.Parameters.AddWithValue("$by", createdBy);
        insert.Parameters.AddWithValue("$at", client.CreatedAt.ToUnixTimeMilliseconds());
        insert.ExecuteNonQuery();
        return new CreatedApiClient(client, secret);
    }

    /// <summary>The client when the secret is right and the client is not revoked; null otherwise, without saying which.</summary>
    public ApiClient? Verify(string? clientId, string? secret)
    {
        if (string.IsNullOrEmpty(clientId) || string.IsNullOrEmpty(secret))
        {
            return null;
        }

        using var connection = database.Open();
        using var read = connection.CreateCommand();
        read.CommandText = $"SELECT {Columns}, secret_sha256 FROM api_clients WHERE client_id = $id;";
        read.Parameters.AddWithValue("$id", clientId);
        using var reader = read.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        var client = ReadClient(reader);
        var matches = CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(reader.GetString(7)), Encoding.ASCII.GetBytes(Hash(secret)));
        return matches && !client.IsRevoked ? client : null;
    }

    /// <summary>Whether tokens issued to this client still count; false once revoked or when unknown.</summary>
    public bool IsActive(string clientId) => Find(clientId) is { IsRevoked: false };

    public ApiClient? Find(string clientId)
    {
        using var connection = database.Open();
        using var read = connection.CreateCommand();
        read.CommandText = $"SELECT {Columns} FROM api_clients WHERE client_id = $id;";
        read.Parameters.AddWithValue("$id", clientId);
        using var reader = read.ExecuteReader();
        return reader.Read() ? ReadClient(reader) : null;
    }

    /// <summary>Newest first, revoked ones included.</summary>
    public IReadOnlyList<ApiClient> List()
    {
        using var connection = database.Open();
        using var read = connection.CreateCommand();
        read.CommandText = $"SELECT {Columns} FROM api_clients ORDER BY created_at DESC, client_id;";
        using var reader = read.ExecuteReader();
        var clients = new List<ApiClient>();
        while (reader.Read())
        {
            clients.Add(ReadClient(reader));
        }

        return clients;
    }

    /// <summary>Revokes a client at once: its secret and every token issued to it stop working. Revoking twice changes nothing.</summary>
    public ApiClient Revoke(string clientId, string revokedBy)
    {
        using var connection = database.Open();
        using var update = connection.CreateCommand();
        update.CommandText = "UPDATE api_clients SET revoked_by = $by, revoked_at = $at WHERE client_id = $id AND revoked_at IS NULL;";
        update.Parameters.AddWithValue("$id", clientId);
        update.Parameters.AddWithValue("$by", revokedBy);
        update.Parameters.AddWithValue("$at", time.GetUtcNow().ToUnixTimeMilliseconds());
        update.ExecuteNonQuery();
        return Find(clientId) ?? throw new NotFoundException($"No API client with id {clientId}.");
    }

    private static string Hash(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static ApiClient ReadClient(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        JsonSerializer.Deserialize<List<string>>(reader.GetString(2))!,
        reader.GetString(3),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
        reader.IsDBNull(5) ? null : reader.GetString(5),
        reader.IsDBNull(6) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)));
}
