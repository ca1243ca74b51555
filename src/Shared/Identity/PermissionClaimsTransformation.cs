using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;

namespace RagMemory.Identity;

/// <summary>
/// Adds a permission claim for each role a principal holds, whichever scheme signed it in (cookie, our JWT, or later an
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
        foreach (var permission in roles.SelectMany(Roles.PermissionsOf).Distinct())
        {
            identity.AddClaim(new Claim(Permissions.ClaimType, permission));
        }

        return Task.FromResult(principal);
    }
}
