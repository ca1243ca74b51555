namespace RagMemory.Identity;

/// <summary>Roles of local accounts and what each grants; OIDC role claims map through the same table.</summary>
public static class Roles
{
    public const string Reader = "reader";
    public const string Writer = "writer";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Reader, Writer, Admin];

    public static IReadOnlyList<string> PermissionsOf(string role) => role switch
    {
        Reader => [Permissions.Read],
        Writer => [Permissions.Read, Permissions.Write],
        Admin => [Permissions.Read, Permissions.Write, Permissions.Admin],
        _ => [],
    };
}
