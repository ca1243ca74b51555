using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace RagMemory.Identity;

/// <summary>
/// The one check, on every request and every circuit revalidation, that a principal of ours still stands: an API
/// client that is not revoked and has the namespaces the token was issued with, or an account that exists, is enabled and has the stamp (and, for a cookie, the open
/// session) the principal was issued with. Principals of an OpenID Connect provider are the provider's to end.
/// </summary>
public static class SignInValidation
{
    public static async Task<bool> IsCurrentAsync(ClaimsPrincipal principal, IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var issuer = services.GetRequiredService<IOptions<IdentityOptions>>().Value.Issuer;
        if (principal.FindFirst("iss")?.Value != issuer)
        {
            return true;
        }

        if (principal.FindFirst(AccountClaims.ClientIdClaim)?.Value is { } clientId)
        {
            return await services.GetRequiredService<ApiClientStore>().IsCurrentAsync(clientId, principal.FindFirst(Namespaces.NamespaceAccess.GrantsClaim)?.Value, cancellationToken);
        }

        return principal.FindFirst("sub")?.Value is { } username
            && await services.GetRequiredService<AccountStore>().IsCurrentAsync(username, principal.FindFirst(AccountClaims.StampClaim)?.Value, principal.FindFirst(AccountClaims.SessionClaim)?.Value, cancellationToken);
    }

    /// <summary>
    /// For a cookie: it must name an open session (a cookie without one predates sessions), and a local account's
    /// must also carry the account's stamp. A provider user's cookie ends with its session (sign-out here) and its
    /// lifetime; the provider's own logout does not reach it.
    /// </summary>
    public static async Task<bool> IsCurrentCookieAsync(ClaimsPrincipal principal, IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var issuer = services.GetRequiredService<IOptions<IdentityOptions>>().Value.Issuer;
        if (principal.FindFirst(AccountClaims.SessionClaim)?.Value is not { } session)
        {
            return false;
        }

        return principal.FindFirst("iss")?.Value == issuer
            ? await IsCurrentAsync(principal, services, cancellationToken)
            : await services.GetRequiredService<AccountStore>().IsSessionActiveAsync(session, cancellationToken);
    }
}
