namespace RagMemory.Identity;

/// <summary>The three permissions every route and page is guarded by; each is also an authorization policy name.</summary>
public static class Permissions
{
    public const string ClaimType = "permission";
    public const string Read = "memory:read";
    public const string Write = "memory:write";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Read, Write, Admin];
}
