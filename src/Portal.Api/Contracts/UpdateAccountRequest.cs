namespace RagMemory.Api.Contracts;

/// <summary>An admin's change to an account; each field left out stays as it is. A new <c>password</c> is a reset.</summary>
public sealed record UpdateAccountRequest(IReadOnlyList<string>? Roles, bool? Disabled, string? Password, Namespaces.NamespaceGrants? Namespaces = null);
