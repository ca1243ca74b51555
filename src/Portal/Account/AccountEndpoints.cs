using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using RagMemory.Identity;

namespace RagMemory.Portal.Account;

/// <summary>Cookie sign-in and sign-out for the portal; forms post here because a Blazor circuit cannot set cookies.</summary>
public static class AccountEndpoints
{
    public static void MapAccountEndpoints(this WebApplication app)
    {
        app.MapPost("/account/login", async (HttpContext context, AccountStore accounts, IOptions<IdentityOptions> identity, [FromForm] string? username, [FromForm] string? password, [FromForm] string? returnUrl) =>
        {
            var account = accounts.Verify(username, password);
            if (account is null)
            {
                return Results.LocalRedirect($"/login?error=1&returnUrl={Uri.EscapeDataString(SafeReturnUrl(returnUrl))}");
            }

            var claims = AccountClaims.For(account, identity.Value.Issuer);
            var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme, "name", "role"));
            await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal);
            return Results.LocalRedirect(SafeReturnUrl(returnUrl));
        });

        app.MapGet("/account/login-oidc", (IOptions<OidcOptions> oidc, string? returnUrl) =>
            oidc.Value.Enabled
                ? Results.Challenge(new AuthenticationProperties { RedirectUri = SafeReturnUrl(returnUrl) }, [OidcOptions.Scheme])
                : Results.NotFound());

        // A POST with an antiforgery token, so no link on another site can sign a person out; returnUrl stays on this site.
        app.MapPost("/account/logout", async (HttpContext context, [FromForm] string? returnUrl) =>
        {
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect(returnUrl is null ? "/login" : SafeReturnUrl(returnUrl));
        }).RequireAuthorization();
    }

    /// <summary>Only paths of this site; anything else (another host, a scheme, "//evil") returns to the start page.</summary>
    public static string SafeReturnUrl(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl[0] == '/' && !returnUrl.StartsWith("//", StringComparison.Ordinal) && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
            ? returnUrl
            : "/";
}
