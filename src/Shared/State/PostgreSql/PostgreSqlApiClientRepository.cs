using Npgsql;
using RagMemory.Engines;
using RagMemory.Identity;
using RagMemory.Namespaces;

namespace RagMemory.State.PostgreSql;

/// <summary>API clients shared by every replica; nothing is cached, so a revocation holds everywhere from the next request.</summary>
public sealed class PostgreSqlApiClientRepository(PostgreSqlDatabase database) : IApiClientRepository, IDescribesEngine
{
    private const string Columns = "client_id, name, roles, created_by, created_at, revoked_by, revoked_at, namespaces";

    public Task InsertAsync(ApiClient client, string secretSha256, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync(
            $"INSERT INTO api_clients({Columns}, secret_sha256) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9);",
            cancellationToken,
            client.ClientId,
            client.Name,
            client.Roles.ToArray(),
            client.CreatedBy,
            client.CreatedAt.ToUniversalTime(),
            client.RevokedBy,
            client.RevokedAt?.ToUniversalTime(),
            client.Namespaces.ToJson(),
            secretSha256);

    public async Task<(ApiClient Client, string SecretSha256)?> FindWithSecretAsync(string clientId, CancellationToken cancellationToken = default)
    {
        var found = await database.QueryAsync($"SELECT {Columns}, secret_sha256 FROM api_clients WHERE client_id = $1;", r => (ReadClient(r), r.GetString(8)), cancellationToken, clientId).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    public async Task<ApiClient?> FindAsync(string clientId, CancellationToken cancellationToken = default) =>
        (await database.QueryAsync($"SELECT {Columns} FROM api_clients WHERE client_id = $1;", ReadClient, cancellationToken, clientId).ConfigureAwait(false)).SingleOrDefault();

    public async Task<IReadOnlyList<ApiClient>> ListAsync(CancellationToken cancellationToken = default) =>
        await database.QueryAsync($"SELECT {Columns} FROM api_clients ORDER BY created_at DESC, seq DESC;", ReadClient, cancellationToken).ConfigureAwait(false);

    public Task RevokeAsync(string clientId, string revokedBy, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync("UPDATE api_clients SET revoked_by = $2, revoked_at = $3 WHERE client_id = $1 AND revoked_at IS NULL;", cancellationToken, clientId, revokedBy, at.ToUniversalTime());

    public async Task<bool> SetNamespacesAsync(string clientId, NamespaceGrants namespaces, CancellationToken cancellationToken = default) =>
        await database.ExecuteAsync("UPDATE api_clients SET namespaces = $2 WHERE client_id = $1;", cancellationToken, clientId, namespaces.ToJson()).ConfigureAwait(false) == 1;

    public Task<EngineDescription> DescribeAsync(CancellationToken cancellationToken = default) =>
        database.DescribeAsync([("API clients", "api_clients")], cancellationToken);

    private static ApiClient ReadClient(NpgsqlDataReader r) => new(
        r.GetString(0),
        r.GetString(1),
        r.GetFieldValue<string[]>(2),
        r.GetString(3),
        r.GetFieldValue<DateTimeOffset>(4),
        r.IsDBNull(5) ? null : r.GetString(5),
        r.IsDBNull(6) ? null : r.GetFieldValue<DateTimeOffset>(6))
    {
        Namespaces = NamespaceGrants.FromJson(r.GetString(7)),
    };
}
