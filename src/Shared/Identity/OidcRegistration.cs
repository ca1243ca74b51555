using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace RagMemory.Identity;

/// <summary>
/// Portal sign-in through an OpenID Connect provider (authorization code with PKCE) and API access with that
/// provider's access tokens. The provider's role claim becomes our <c>role</c> claim, so the one role-to-permission
/// table applies to both.
/// </summary>
internal static class OidcRegistration
{
    public static AuthenticationBuilder AddOidc(this AuthenticationBuilder authentication, OidcOptions oidc) => authentication
        .AddOpenIdConnect(OidcOptions.Scheme, oidc.DisplayName, options =>
        {
            options.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
            options.Authority = oidc.Authority;
            options.ClientId = oidc.ClientId;
            options.ClientSecret = oidc.ClientSecret;
            options.ResponseType = OpenIdConnectResponseType.Code;
            options.UsePkce = true;
            options.RequireHttpsMetadata = oidc.RequireHttpsMetadata;
            options.MapInboundClaims = false;
            options.GetClaimsFromUserInfoEndpoint = true;
            options.SaveTokens = false;
            options.Scope.Clear();
            oidc.Scopes.ForEach(options.Scope.Add);
            options.ClaimActions.MapJsonKey(oidc.RoleClaim, oidc.RoleClaim);
            options.TokenValidationParameters.NameClaimType = "name";
            options.TokenValidationParameters.RoleClaimType = "role";
            options.Events.OnTicketReceived = async context =>
            {
                AddRoles(context.Principal, oidc.RoleClaim);

                // A session of our own, as for local accounts, so that signing out here ends this cookie on the server.
                if (context.Principal?.Identity is ClaimsIdentity identity && identity.FindFirst("sub")?.Value is { } subject)
                {
                    var accounts = context.HttpContext.RequestServices.GetRequiredService<AccountStore>();
                    identity.AddClaim(new Claim(AccountClaims.SessionClaim, await accounts.StartSessionAsync(AccountClaims.ProviderSessionOwner(subject), context.HttpContext.RequestAborted)));
                }
            };
        })
        .AddJwtBearer(OidcOptions.BearerScheme, options =>
        {
            options.Authority = oidc.Authority;
            // Explicit and never the client id (validated at start), so an ID token is not an API token.
            options.Audience = oidc.Audience;
            options.RequireHttpsMetadata = oidc.RequireHttpsMetadata;
            options.MapInboundClaims = false;
            options.TokenValidationParameters.NameClaimType = "name";
            options.TokenValidationParameters.RoleClaimType = "role";
            options.Events = ApiProblems.BearerEvents(context =>
            {
                if (IsIdToken(context.Principal, oidc))
                {
                    context.Fail("An ID token is not an access token for this API.");
                    return Task.CompletedTask;
                }

                AddRoles(context.Principal, oidc.RoleClaim);
                return Task.CompletedTask;
            });
        });

    /// <summary>
    /// ID tokens say who signed in to a client; they carry the client id as audience and claims that only ID tokens
    /// have (nonce, at_hash, c_hash). Any of these marks one, even from a provider that puts several audiences in it.
    /// </summary>
    private static bool IsIdToken(ClaimsPrincipal? principal, OidcOptions oidc) =>
        principal is null
        || principal.HasClaim(c => c.Type is "nonce" or "at_hash" or "c_hash")
        || (oidc.ClientId is not null && principal.HasClaim("aud", oidc.ClientId));

    private static void AddRoles(ClaimsPrincipal? principal, string roleClaim)
    {
        if (principal?.Identity is not ClaimsIdentity identity || roleClaim == "role")
        {
            return;
        }

        foreach (var role in identity.FindAll(roleClaim).Select(c => c.Value).ToList())
        {
            identity.AddClaim(new Claim("role", role));
        }
    }
}
