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
        builder.Services.AddHostedService<BootstrapAdmin>();
        builder.Services.AddSingleton<IClaimsTransformation, PermissionClaimsTransformation>();

        // One application name, so that every replica on the same state store reads the others' cookies.
        builder.Services.AddDataProtection().SetApplicationName("RagMemory");

        var oidc = builder.Configuration.GetSection(OidcOptions.SectionName).Get<OidcOptions>() ?? new OidcOptions();
        builder.Services.AddOptions<OidcOptions>().BindConfiguration(OidcOptions.SectionName);
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
                options.SlidingExpiration = true;
            })
            .AddJwtBearer(options =>
            {
                options.MapInboundClaims = false;
                options.Events = ApiProblems.BearerEvents(RefuseRevokedClients);
            });
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

    /// <summary>A client's tokens end with the client: each request checks that it has not been revoked since the token was issued.</summary>
    private static Task RefuseRevokedClients(TokenValidatedContext context)
    {
        var clientId = context.Principal?.FindFirst(AccountClaims.ClientIdClaim)?.Value;
        if (clientId is not null && !context.HttpContext.RequestServices.GetRequiredService<ApiClientStore>().IsActive(clientId))
        {
            context.Fail("The API client has been revoked.");
        }

        return Task.CompletedTask;
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

        return context.GetEndpoint()?.Metadata.GetMetadata<IApiBehaviorMetadata>() is not null
            ? JwtBearerDefaults.AuthenticationScheme
            : CookieAuthenticationDefaults.AuthenticationScheme;
    }

    private static string? UnverifiedIssuer(string token)
    {
        var handler = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler();
        return handler.CanReadToken(token) ? handler.ReadJsonWebToken(token).Issuer : null;
    }
}
