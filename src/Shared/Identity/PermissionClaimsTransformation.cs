using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace RagMemory.Identity;

/// <summary>
/// Gives a principal its permissions from our own table only, whichever scheme signed it in (cookie, our JWT, an OIDC
/// provider's token): one set per role it holds, and one per scope named <see cref="OidcOptions.ScopePrefix"/> plus a
/// permission (a program of the provider's client-credentials grant has scopes, not roles). A <c>permission</c> claim
/// that arrived in a token is dropped, never trusted, and a bare <c>admin</c> scope means nothing here.
/// </summary>
public sealed class PermissionClaimsTransformation(IOptions<OidcOptions> oidc) : IClaimsTransformation
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
            foreach (var incoming in each.FindAll(Permissions.ClaimType).ToList())
            {
                each.TryRemoveClaim(incoming);
            }
        }

        var prefix = oidc.Value.ScopePrefix;
        var roles = principal.FindAll("role").Concat(principal.FindAll(ClaimTypes.Role)).Select(c => c.Value);
        var scopes = principal.FindAll("scope").SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(s => s.StartsWith(prefix, StringComparison.Ordinal)).Select(s => s[prefix.Length..]).Where(Permissions.All.Contains);
        foreach (var permission in roles.SelectMany(Roles.PermissionsOf).Concat(scopes).Distinct().ToList())
        {
            identity.AddClaim(new Claim(Permissions.ClaimType, permission, ClaimValueTypes.String, MappingIssuer));
        }

        return Task.FromResult(principal);
    }
}
