using RagMemory.Namespaces;

namespace RagMemory.Api.Contracts;

/// <summary>A new client; <see cref="Namespaces"/> left out gives it read and write on <c>default</c>.</summary>
public sealed record CreateApiClientRequest(string? Name, IReadOnlyList<string>? Roles, NamespaceGrants? Namespaces = null);

public sealed record ApiClientResponse(string ClientId, string Name, IReadOnlyList<string> Roles, string CreatedBy, DateTimeOffset CreatedAt, string? RevokedBy, DateTimeOffset? RevokedAt, NamespaceGrants Namespaces)
{
    public static ApiClientResponse From(RagMemory.Identity.ApiClient client) =>
        new(client.ClientId, client.Name, client.Roles, client.CreatedBy, client.CreatedAt, client.RevokedBy, client.RevokedAt, client.Namespaces);
}

/// <summary>The answer to creating a client: the only time its secret is sent.</summary>
public sealed record CreatedApiClientResponse(string ClientId, string Name, IReadOnlyList<string> Roles, string ClientSecret, DateTimeOffset CreatedAt, NamespaceGrants Namespaces);
