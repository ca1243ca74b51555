using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using RagMemory.Errors;
using RagMemory.Namespaces;

namespace RagMemory.Identity;

/// <summary>
/// The rules of API clients, kept by an <see cref="IApiClientRepository"/>. A secret is 256 random bits, so a plain
/// SHA-256 of it is enough to store (a slow password hash protects guessable secrets; these are not guessable).
/// Revoking keeps the record, so who revoked what stays known.
/// </summary>
public sealed class ApiClientStore(IApiClientRepository repository, TimeProvider time)
{
    private const int MaxNameLength = 100;

    /// <summary>A new client and its secret; <paramref name="namespaces"/> null gives it <see cref="NamespaceGrants.Default"/>.</summary>
    public async Task<CreatedApiClient> CreateAsync(string? name, IReadOnlyList<string>? roles, string createdBy, CancellationToken cancellationToken = default, NamespaceGrants? namespaces = null)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > MaxNameLength)
        {
            throw new InvalidInputException("name", $"'name' must be 1-{MaxNameLength} characters.");
        }

        var client = new ApiClient($"rmc_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}", name.Trim(), Identity.Roles.Validate(roles), createdBy, time.GetUtcNow(), null, null)
        {
            Namespaces = NamespaceGrants.Validate(namespaces) ?? NamespaceGrants.Default,
        };
        var secret = $"rms_{WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32))}";
        await repository.InsertAsync(client, Hash(secret), cancellationToken);
        return new CreatedApiClient(client, secret);
    }

    /// <summary>The client when the secret is right and the client is not revoked; null otherwise, without saying which.</summary>
    public async Task<ApiClient?> VerifyAsync(string? clientId, string? secret, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(clientId) || string.IsNullOrEmpty(secret)
            || await repository.FindWithSecretAsync(clientId, cancellationToken) is not (var client, var storedHash))
        {
            return null;
        }

        var matches = CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(storedHash), Encoding.ASCII.GetBytes(Hash(secret)));
        return matches && !client.IsRevoked ? client : null;
    }

    /// <summary>
    /// Whether a token issued to this client with <paramref name="grantsClaim"/> still counts: false once the client is
    /// revoked or unknown, or when its namespaces changed since (a token without the claim predates namespaces and
    /// counts as long as the client still has <see cref="NamespaceGrants.Default"/>).
    /// </summary>
    public async Task<bool> IsCurrentAsync(string clientId, string? grantsClaim, CancellationToken cancellationToken = default) =>
        await repository.FindAsync(clientId, cancellationToken) is { IsRevoked: false } client
        && client.Namespaces.Equals(grantsClaim is null ? NamespaceGrants.Default : NamespaceGrants.FromJson(grantsClaim));

    /// <summary>Replaces what the client may read and write; its tokens issued before stop working (it asks for a new one).</summary>
    public async Task<ApiClient> SetNamespacesAsync(string clientId, NamespaceGrants? namespaces, CancellationToken cancellationToken = default)
    {
        var grants = NamespaceGrants.Validate(namespaces) ?? throw new InvalidInputException("namespaces", "'namespaces' is required: {\"read\": [..], \"write\": [..]}.");
        if (!await repository.SetNamespacesAsync(clientId, grants, cancellationToken))
        {
            throw new NotFoundException($"No API client with id {clientId}.");
        }

        return (await repository.FindAsync(clientId, cancellationToken))!;
    }

    public Task<ApiClient?> FindAsync(string clientId, CancellationToken cancellationToken = default) => repository.FindAsync(clientId, cancellationToken);

    /// <summary>Newest first, revoked ones included.</summary>
    public Task<IReadOnlyList<ApiClient>> ListAsync(CancellationToken cancellationToken = default) => repository.ListAsync(cancellationToken);

    /// <summary>Revokes a client at once: its secret and every token issued to it stop working. Revoking twice changes nothing.</summary>
    public async Task<ApiClient> RevokeAsync(string clientId, string revokedBy, CancellationToken cancellationToken = default)
    {
        await repository.RevokeAsync(clientId, revokedBy, time.GetUtcNow(), cancellationToken);
        return await repository.FindAsync(clientId, cancellationToken) ?? throw new NotFoundException($"No API client with id {clientId}.");
    }

    private static string Hash(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
