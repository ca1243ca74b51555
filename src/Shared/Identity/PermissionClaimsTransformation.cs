using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using RagMemory.Namespaces;

namespace RagMemory.Identity;

/// <summary>
/// Gives a principal its permissions from our own table only, whichever scheme signed it in (cookie, our JWT, an OIDC
/// provider's token): one set per role it holds, and one per scope named <see cref="OidcOptions.ScopePrefix"/> plus a
/// permission (a program of the provider's client-credentials grant has scopes, not roles). A <c>permission</c> claim
/// that arrived in a token is dropped, never trusted, and a bare <c>admin</c> scope means nothing here. It also adds the
/// namespaces the principal may read and write (<see cref="NamespaceAccess"/>): every one for an admin; for a principal
/// we signed, the grants its token or cookie carries (<c>default</c> for one issued before namespaces); for a provider's,
/// its roles' grants from <see cref="OidcOptions.RoleNamespaces"/>, never anything its token says.
/// </summary>
public sealed class PermissionClaimsTransformation(IOptions<OidcOptions> oidc, IOptions<IdentityOptions> identityOptions) : IClaimsTransformation
{
    /// <summary>The issuer of the claims this mapping adds: no token can carry it, since every token's claims take the token's issuer.</summary>
    public const string MappingIssuer = "RagMemory.PermissionMapping";

    public Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
    {
        if (principal.Identity is not ClaimsIdentity { IsAuthenticated: true } identity
            || principal.HasClaim(c => c.Type == Permissions.ClaimType && c.Issuer == MappingIssuer))
        {
            return Task.FromResult(principal);
        }

        foreach (var each in principal.Identities)
        {
            foreach (var incoming in each.FindAll(c => c.Type is Permissions.ClaimType or NamespaceAccess.ClaimType).ToList())
            {
                each.TryRemoveClaim(incoming);
            }
        }

        var prefix = oidc.Value.ScopePrefix;
        var roles = principal.FindAll("role").Concat(principal.FindAll(ClaimTypes.Role)).Select(c => c.Value).ToList();
        var scopes = principal.FindAll("scope").SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(s => s.StartsWith(prefix, StringComparison.Ordinal)).Select(s => s[prefix.Length..]).Where(Permissions.All.Contains);
        var permissions = roles.SelectMany(Roles.PermissionsOf).Concat(scopes).Distinct().ToList();
        foreach (var permission in permissions)
        {
            identity.AddClaim(new Claim(Permissions.ClaimType, permission, ClaimValueTypes.String, MappingIssuer));
        }

        identity.AddClaim(new Claim(NamespaceAccess.ClaimType, GrantsOf(principal, roles, permissions).ToJson(), ClaimValueTypes.String, MappingIssuer));

        return Task.FromResult(principal);
    }

    private NamespaceGrants GrantsOf(ClaimsPrincipal principal, IReadOnlyList<string> roles, IReadOnlyList<string> permissions)
    {
        if (permissions.Contains(Permissions.Admin))
        {
            return NamespaceGrants.Everything;
        }

        if (principal.FindFirst("iss")?.Value == identityOptions.Value.Issuer)
        {
            return principal.FindFirst(NamespaceAccess.GrantsClaim) is { } carried ? NamespaceGrants.FromJson(carried.Value) : NamespaceGrants.Default;
        }

        return oidc.Value.NamespacesOf(roles);
    }
}
