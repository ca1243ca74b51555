using System.Text.Json;
using Microsoft.Data.Sqlite;
using RagMemory.Identity;
using RagMemory.Namespaces;
using RagMemory.Storage;

namespace RagMemory.State.Embedded;

/// <summary>API clients in the data folder's SQLite file.</summary>
public sealed class SqliteApiClientRepository(SqliteDatabase database) : IApiClientRepository
{
    private const string Columns = "client_id, name, roles, created_by, created_at, revoked_by, revoked_at, namespaces";

    public Task InsertAsync(ApiClient client, string secretSha256, CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO api_clients(client_id, name, secret_sha256, roles, created_by, created_at, namespaces)
            VALUES ($id, $name, $hash, $roles, $by, $at, $namespaces);
            """;
        insert.Parameters.AddWithValue("$id", client.ClientId);
        insert.Parameters.AddWithValue("$name", client.Name);
        insert.Parameters.AddWithValue("$hash", secretSha256);
        insert.Parameters.AddWithValue("$roles", JsonSerializer.Serialize(client.Roles));
        insert.Parameters.AddWithValue("$by", client.CreatedBy);
        insert.Parameters.AddWithValue("$at", client.CreatedAt.ToUnixTimeMilliseconds());
        insert.Parameters.AddWithValue("$namespaces", client.Namespaces.ToJson());
        insert.ExecuteNonQuery();
        return Task.CompletedTask;
    }

    public Task<(ApiClient Client, string SecretSha256)?> FindWithSecretAsync(string clientId, CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        using var read = Read(connection, $"SELECT {Columns}, secret_sha256 FROM api_clients WHERE client_id = $id;", clientId);
        using var reader = read.ExecuteReader();
        return Task.FromResult<(ApiClient, string)?>(reader.Read() ? (ReadClient(reader), reader.GetString(8)) : null);
    }

    public Task<ApiClient?> FindAsync(string clientId, CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        using var read = Read(connection, $"SELECT {Columns} FROM api_clients WHERE client_id = $id;", clientId);
        using var reader = read.ExecuteReader();
        return Task.FromResult(reader.Read() ? ReadClient(reader) : null);
    }

    public Task<IReadOnlyList<ApiClient>> ListAsync(CancellationToken cancellationToken = default)
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

        return Task.FromResult<IReadOnlyList<ApiClient>>(clients);
    }

    public Task RevokeAsync(string clientId, string revokedBy, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        using var update = Read(connection, "UPDATE api_clients SET revoked_by = $by, revoked_at = $at WHERE client_id = $id AND revoked_at IS NULL;", clientId);
        update.Parameters.AddWithValue("$by", revokedBy);
        update.Parameters.AddWithValue("$at", at.ToUnixTimeMilliseconds());
        update.ExecuteNonQuery();
        return Task.CompletedTask;
    }

    public Task<bool> SetNamespacesAsync(string clientId, NamespaceGrants namespaces, CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        using var update = Read(connection, "UPDATE api_clients SET namespaces = $namespaces WHERE client_id = $id;", clientId);
        update.Parameters.AddWithValue("$namespaces", namespaces.ToJson());
        return Task.FromResult(update.ExecuteNonQuery() == 1);
    }

    private static SqliteCommand Read(SqliteConnection connection, string sql, string clientId)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$id", clientId);
        return command;
    }

    private static ApiClient ReadClient(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        JsonSerializer.Deserialize<List<string>>(reader.GetString(2))!,
        reader.GetString(3),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
        reader.IsDBNull(5) ? null : reader.GetString(5),
        reader.IsDBNull(6) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)))
    {
        Namespaces = NamespaceGrants.FromJson(reader.GetString(7)),
    };
}
