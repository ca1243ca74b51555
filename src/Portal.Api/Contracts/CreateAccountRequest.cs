namespace RagMemory.Api.Contracts;

/// <summary>A new account; <see cref="Namespaces"/> left out gives it read and write on <c>default</c>.</summary>
public sealed record CreateAccountRequest(string? Username, string? Password, IReadOnlyList<string>? Roles, Namespaces.NamespaceGrants? Namespaces = null);
