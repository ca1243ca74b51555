namespace RagMemory.Identity;

/// <summary>Roles of local accounts and what each grants; OIDC role claims map through the same table.</summary>
public static class Roles
{
    public const string Reader = "reader";
    public const string Writer = "writer";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Reader, Writer, Admin];

    /// <summary>The distinct roles asked for; a 400 naming <c>roles</c> when none or an unknown one is given.</summary>
    public static IReadOnlyList<string> Validate(IReadOnlyList<string>? roles) =>
        roles is null || roles.Count == 0 || roles.Any(r => !All.Contains(r))
            ? throw new Errors.InvalidInputException("roles", $"'roles' must name one or more of: {string.Join(", ", All)}.")
            : roles.Distinct().ToList();

    public static IReadOnlyList<string> PermissionsOf(string role) => role switch
    {
        Reader => [Permissions.Read],
        Writer => [Permissions.Read, Permissions.Write],
        Admin => [Permissions.Read, Permissions.Write, Permissions.Admin],
        _ => [],
    };
}
