namespace RagMemory.Api.Contracts;

public sealed record CreateApiClientRequest(string? Name, IReadOnlyList<string>? Roles);

public sealed record ApiClientResponse(string ClientId, string Name, IReadOnlyList<string> Roles, string CreatedBy, DateTimeOffset CreatedAt, string? RevokedBy, DateTimeOffset? RevokedAt)
{
    public static ApiClientResponse From(RagMemory.Identity.ApiClient client) =>
        new(client.ClientId, client.Name, client.Roles, client.CreatedBy, client.CreatedAt, client.RevokedBy, client.RevokedAt);
}

/// <summary>The answer to creating a client: the only time its secret is sent.</summary>
public sealed record CreatedApiClientResponse(string ClientId, string Name, IReadOnlyList<string> Roles, string ClientSecret, DateTimeOffset CreatedAt);
