namespace RagMemory.Api.Contracts;

public sealed record AccountResponse(string Username, IReadOnlyList<string> Roles, DateTimeOffset CreatedAt, bool Disabled, DateTimeOffset? DisabledAt, string? DisabledBy, Namespaces.NamespaceGrants Namespaces)
{
    public static AccountResponse From(Identity.Account account) =>
        new(account.Username, account.Roles, account.CreatedAt, account.IsDisabled, account.DisabledAt, account.DisabledBy, account.Namespaces);
}
