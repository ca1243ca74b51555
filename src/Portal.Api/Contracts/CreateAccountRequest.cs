namespace RagMemory.Api.Contracts;

public sealed record CreateAccountRequest(string? Username, string? Password, IReadOnlyList<string>? Roles);
