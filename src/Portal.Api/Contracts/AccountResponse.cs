namespace RagMemory.Api.Contracts;

public sealed record AccountResponse(string Username, IReadOnlyList<string> Roles, DateTimeOffset CreatedAt);
