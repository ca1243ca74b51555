namespace RagMemory.Identity;

/// <summary>
/// The state port for API clients: SQLite embedded, PostgreSQL for several replicas. Nothing is cached above it, so a
/// revocation holds on every replica from the next request.
/// </summary>
public interface IApiClientRepository
{
    Task InsertAsync(ApiClient client, string secretSha256, CancellationToken cancellationToken = default);

    /// <summary>The client with the SHA-256 of its secret, or null for an unknown id.</summary>
    Task<(ApiClient Client, string SecretSha256)?> FindWithSecretAsync(string clientId, CancellationToken cancellationToken = default);

    Task<ApiClient?> FindAsync(string clientId, CancellationToken cancellationToken = default);

    /// <summary>Newest first, revoked ones included.</summary>
    Task<IReadOnlyList<ApiClient>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Replaces the namespaces the client may read and write; false for an unknown id.</summary>
    Task<bool> SetNamespacesAsync(string clientId, Namespaces.NamespaceGrants namespaces, CancellationToken cancellationToken = default);

    /// <summary>Marks the client revoked unless it already is (the first revocation's author and time stay).</summary>
    Task RevokeAsync(string clientId, string revokedBy, DateTimeOffset at, CancellationToken cancellationToken = default);
}
