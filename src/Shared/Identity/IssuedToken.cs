namespace RagMemory.Identity;

public sealed record IssuedToken(string AccessToken, int ExpiresInSeconds);
