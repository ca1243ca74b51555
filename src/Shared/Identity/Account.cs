namespace RagMemory.Identity;

/// <summary>A local account; the password is stored only as a salted PBKDF2 hash.</summary>
public sealed record Account(string Username, IReadOnlyList<string> Roles, DateTimeOffset CreatedAt);
