using RagMemory.Namespaces;

namespace RagMemory.Identity;

/// <summary>
/// An OpenID Connect provider for portal sign-in whose access tokens the API also accepts (bound from
/// <c>Authentication:Oidc</c>). Off while <see cref="Authority"/> is empty.
/// </summary>
public sealed class OidcOptions
{
    public const string SectionName = "Authentication:Oidc";
    public const string Scheme = "oidc";
    public const string BearerScheme = "oidc-bearer";

    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    /// <summary>From configuration or a secret store only; never committed.</summary>
    public string? ClientSecret { get; set; }

    public List<string> Scopes { get; set; } = ["openid", "profile"];

    /// <summary>The claim of the provider's tokens that carries role names (reader, writer, admin).</summary>
    public string RoleClaim { get; set; } = "roles";

    /// <summary>
    /// The audience the provider puts in access tokens meant for this API; required when the provider is on, and
    /// never the client id (that is the audience of ID tokens, which are not API tokens).
    /// </summary>
    public string? Audience { get; set; }

    /// <summary>
    /// Scopes named this prefix plus a permission (<c>ragmemory:memory:read</c>, <c>ragmemory:admin</c>) grant that
    /// permission; other scopes grant nothing, so a provider's generic <c>admin</c> scope does not make an admin here.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Required(AllowEmptyStrings = false)]
    [System.ComponentModel.DataAnnotations.MinLength(1)]
    public string ScopePrefix { get; set; } = "ragmemory:";

    /// <summary>
    /// The namespaces each provider role may read and write (<c>Authentication:Oidc:RoleNamespaces:team-a:Read:0</c>);
    /// a user with several roles gets all of theirs. Provider admins get every namespace regardless.
    /// </summary>
    public Dictionary<string, NamespaceGrants> RoleNamespaces { get; set; } = [];

    /// <summary>What a provider user none of whose roles is in <see cref="RoleNamespaces"/> gets: <c>default</c>, as before namespaces.</summary>
    public NamespaceGrants DefaultNamespaces { get; set; } = NamespaceGrants.Default;

    /// <summary>The grants of a provider user with these roles.</summary>
    public NamespaceGrants NamespacesOf(IEnumerable<string> roles)
    {
        var mapped = roles.Where(RoleNamespaces.ContainsKey).Select(r => RoleNamespaces[r]).ToList();
        return mapped.Count == 0 ? DefaultNamespaces : mapped.Aggregate(NamespaceGrants.None, (all, one) => all.Union(one));
    }

    /// <summary>The name on the sign-in button.</summary>
    public string DisplayName { get; set; } = "OpenID Connect";

    /// <summary>Only for a provider on loopback http in development and tests.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);

    /// <summary>Why these settings cannot start, or null when they can.</summary>
    public string? Problem() =>
        !Enabled ? null
        : string.IsNullOrWhiteSpace(Audience) ? $"{SectionName}:Audience must name the audience of the provider's access tokens for this API."
        : Audience == ClientId ? $"{SectionName}:Audience must not be the client id: that is the audience of ID tokens, which the API refuses."
        : NamespaceProblem();

    private string? NamespaceProblem()
    {
        try
        {
            foreach (var (role, grants) in RoleNamespaces)
            {
                NamespaceGrants.Validate(grants, $"{SectionName}:RoleNamespaces:{role}");
            }

            NamespaceGrants.Validate(DefaultNamespaces, $"{SectionName}:DefaultNamespaces");
            return null;
        }
        catch (Errors.InvalidInputException invalid)
        {
            return invalid.Message;
        }
    }
}
