using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;

namespace RagMemory.Identity;

/// <summary>
/// Adds a permission claim for each role a principal holds (and each permission-named scope), whichever scheme signed it in (cookie, our JWT, or later an
/// OIDC provider), so one role-to-permission table rules every face.
/// </summary>
public sealed class PermissionClaimsTransformation : IClaimsTransformation
{
    public Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
    {
        if (principal.Identity is not ClaimsIdentity { IsAuthenticated: true } identity || identity.HasClaim(c => c.Type == Permissions.ClaimType))
        {
            return Task.FromResult(principal);
        }

        var roles = principal.FindAll("role").Concat(principal.FindAll(ClaimTypes.Role)).Select(c => c.Value).ToList();
        // Programs authorised by a provider's client-credentials grant carry scopes named after permissions instead of roles.
        var scopes = principal.FindAll("scope").SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(Permissions.All.Contains);
        foreach (var permission in roles.SelectMany(Roles.PermissionsOf).Concat(scopes).Distinct().ToList())
        {
            identity.AddClaim(new Claim(Permissions.ClaimType, permission));
        }

        return Task.FromResult(principal);
    }
}
