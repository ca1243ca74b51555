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
        app.MapPost("/account/login", async (HttpContext context, AccountStore accounts, SignInThrottle throttle, IOptions<IdentityOptions> identity, [FromForm] string? username, [FromForm] string? password, [FromForm] string? returnUrl) =>
        {
            var address = context.Connection.RemoteIpAddress;
            if (throttle.Wait(username, address) is { } wait)
            {
                return Results.LocalRedirect($"/login?error=throttled&retryAfter={Math.Ceiling(wait.TotalSeconds)}&returnUrl={Uri.EscapeDataString(SafeReturnUrl(returnUrl))}");
            }

            var account = await accounts.VerifyAsync(username, password, context.RequestAborted);
            if (account is null)
            {
                throttle.Failed(username, address);
                return Results.LocalRedirect($"/login?error=1&returnUrl={Uri.EscapeDataString(SafeReturnUrl(returnUrl))}");
            }

            throttle.Succeeded(account.Username, address);

            // A session of its own, so that signing out ends this cookie (and any copy of it) on the server too.
            var claims = AccountClaims.For(account, identity.Value.Issuer);
            claims.Add(new Claim(AccountClaims.SessionClaim, await accounts.StartSessionAsync(account.Username, context.RequestAborted)));
            var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme, "name", "role"));
            await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal);
            return Results.LocalRedirect(SafeReturnUrl(returnUrl));
        });

        app.MapGet("/account/login-oidc", (IOptions<OidcOptions> oidc, string? returnUrl) =>
            oidc.Value.Enabled
                ? Results.Challenge(new AuthenticationProperties { RedirectUri = SafeReturnUrl(returnUrl) }, [OidcOptions.Scheme])
                : Results.NotFound());

        // A POST with an antiforgery token, so no link on another site can sign a person out; returnUrl stays on this site.
        app.MapPost("/account/logout", async (HttpContext context, AccountStore accounts, [FromForm] string? returnUrl) =>
        {
            if (context.User.FindFirst(AccountClaims.SessionClaim)?.Value is { } session)
            {
                await accounts.EndSessionAsync(session, context.RequestAborted);
            }

            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect(returnUrl is null ? "/login" : SafeReturnUrl(returnUrl));
        }).RequireAuthorization();

        // Ends every cookie and token of the signed-in local account, on every device, by giving it a new stamp.
        app.MapPost("/account/logout-everywhere", async (HttpContext context, AccountStore accounts, IOptions<IdentityOptions> identity) =>
        {
            if (context.User.FindFirst("sub")?.Value is { } subject)
            {
                // A local account gets a new stamp (its tokens end too); a provider user's portal sessions end here.
                if (context.User.FindFirst("iss")?.Value == identity.Value.Issuer)
                {
                    await accounts.SignOutEverywhereAsync(subject, context.RequestAborted);
                }
                else
                {
                    await accounts.EndSessionsAsync(AccountClaims.ProviderSessionOwner(subject), context.RequestAborted);
                }
            }

            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect("/login");
        }).RequireAuthorization();
    }

    /// <summary>Only paths of this site; anything else (another host, a scheme, "//evil") returns to the start page.</summary>
    public static string SafeReturnUrl(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl[0] == '/' && !returnUrl.StartsWith("//", StringComparison.Ordinal) && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
            ? returnUrl
            : "/";
}
