using RagMemory.Namespaces;

namespace RagMemory.Identity;

/// <summary>A program that calls the API with its own id and secret (the secret is stored only as a hash).</summary>
public sealed record ApiClient(
    string ClientId,
    string Name,
    IReadOnlyList<string> Roles,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    string? RevokedBy,
    DateTimeOffset? RevokedAt)
{
    public bool IsRevoked => RevokedAt is not null;

    /// <summary>What the client may read and write (an admin client may use every namespace whatever this says).</summary>
    public NamespaceGrants Namespaces { get; init; } = NamespaceGrants.Default;
}

/// <summary>A client just created, with the only copy of its secret that will ever be shown.</summary>
public sealed record CreatedApiClient(ApiClient Client, string Secret);
