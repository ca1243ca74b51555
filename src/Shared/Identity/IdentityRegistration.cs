using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace RagMemory.Identity;

public static class IdentityRegistration
{
    /// <summary>The default scheme: it picks bearer tokens for API calls and the sign-in cookie for portal pages.</summary>
    public const string Scheme = "RagMemory";

    /// <summary>
    /// Local accounts, our token issuer, cookie sign-in for the portal and bearer tokens for the API, with one
    /// role-to-permission mapping and one authorization policy per permission for both faces.
    /// </summary>
    public static IHostApplicationBuilder AddRagMemoryIdentity(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<IdentityOptions>().BindConfiguration(IdentityOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<AccountStore>();
        builder.Services.AddSingleton<ApiClientStore>();
        builder.Services.AddSingleton<SigningKeyProvider>();
        builder.Services.AddSingleton<TokenIssuer>();
        builder.Services.AddSingleton<SignInThrottle>();
        builder.Services.AddHostedService<BootstrapAdmin>();
        builder.Services.AddSingleton<IClaimsTransformation, PermissionClaimsTransformation>();

        // One application name, so that every replica on the same state store reads the others' cookies.
        builder.Services.AddDataProtection().SetApplicationName("RagMemory");

        var oidc = builder.Configuration.GetSection(OidcOptions.SectionName).Get<OidcOptions>() ?? new OidcOptions();
        builder.Services.AddOptions<OidcOptions>().BindConfiguration(OidcOptions.SectionName).ValidateDataAnnotations()
            .Validate(o => o.Problem() is null, "Authentication:Oidc:Audience must be set, and differ from the client id, when Authentication:Oidc:Authority is; RoleNamespaces and DefaultNamespaces must name namespaces or \"*\".").ValidateOnStart();
        var authentication = builder.Services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "Bearer token for the API, cookie for the portal", options =>
                options.ForwardDefaultSelector = context => SchemeFor(context, oidc))
            .AddCookie(options =>
            {
                options.LoginPath = "/login";
                options.AccessDeniedPath = "/denied";
                options.Cookie.Name = "ragmemory.auth";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;

                // Absolute: a cookie ends CookieLifetime after sign-in however busy its holder, and earlier when its
                // session ends (sign-out) or its account changes (stamp).
                options.SlidingExpiration = false;
                options.Events.OnValidatePrincipal = RefuseEndedCookies;
            })
            .AddJwtBearer(options =>
            {
                options.MapInboundClaims = false;
                options.Events = ApiProblems.BearerEvents(RefuseEndedTokens);
            });
        builder.Services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<IOptions<IdentityOptions>>((options, identity) => options.ExpireTimeSpan = identity.Value.CookieLifetime);
        if (oidc.Enabled)
        {
            authentication.AddOidc(oidc);
        }

        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<SigningKeyProvider, IOptions<IdentityOptions>>((options, keys, identity) =>
                options.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = identity.Value.Issuer,
                    ValidAudience = identity.Value.Audience,
                    IssuerSigningKey = keys.Key,
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                    ClockSkew = TimeSpan.FromSeconds(30),
                    NameClaimType = "name",
                    RoleClaimType = "role",
                });

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Permissions.Read, policy => policy.RequireClaim(Permissions.ClaimType, Permissions.Read))
            .AddPolicy(Permissions.Write, policy => policy.RequireClaim(Permissions.ClaimType, Permissions.Write))
            .AddPolicy(Permissions.Admin, policy => policy.RequireClaim(Permissions.ClaimType, Permissions.Admin));
        return builder;
    }

    /// <summary>
    /// A token ends with its client or account: each request checks that the client is not revoked, or that the account
    /// exists, is enabled and still has the stamp the token was issued with.
    /// </summary>
    private static async Task RefuseEndedTokens(TokenValidatedContext context)
    {
        if (context.Principal is null || !await SignInValidation.IsCurrentAsync(context.Principal, context.HttpContext.RequestServices, context.HttpContext.RequestAborted))
        {
            context.Fail("The token's account or client no longer holds it (deleted, disabled, revoked, new password or signed out).");
        }
    }

    /// <summary>A cookie ends with its session (sign-out) and with its account's stamp (disable, delete, new password, sign out everywhere).</summary>
    private static async Task RefuseEndedCookies(CookieValidatePrincipalContext context)
    {
        if (context.Principal is null || !await SignInValidation.IsCurrentCookieAsync(context.Principal, context.HttpContext.RequestServices, context.HttpContext.RequestAborted))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme).ConfigureAwait(false);
        }
    }

    private static string SchemeFor(HttpContext context, OidcOptions oidc)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            // The token's unverified issuer only picks the handler; that handler then verifies everything.
            return oidc.Enabled && UnverifiedIssuer(authorization["Bearer ".Length..].Trim()) is { } issuer
                && issuer.TrimEnd('/') == oidc.Authority!.TrimEnd('/')
                ? OidcOptions.BearerScheme
                : JwtBearerDefaults.AuthenticationScheme;
        }

        // The MCP endpoint is for agents, like the API: a missing token is a 401, never a redirect to the sign-in page.
        return context.GetEndpoint()?.Metadata.GetMetadata<IApiBehaviorMetadata>() is not null || context.Request.Path.StartsWithSegments("/mcp")
            ? JwtBearerDefaults.AuthenticationScheme
            : CookieAuthenticationDefaults.AuthenticationScheme;
    }

    private static string? UnverifiedIssuer(string token)
    {
        var handler = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler();
        return handler.CanReadToken(token) ? handler.ReadJsonWebToken(token).Issuer : null;
    }
}
