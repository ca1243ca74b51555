using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using RagMemory.Identity;

namespace RagMemory.Tests.Api;

/// <summary>
/// Tokens of an OpenID Connect provider, signed with a key the API is given in place of the provider's discovery
/// document: permissions come only from our mapping, the audience is explicit, and ID tokens are refused.
/// </summary>
public sealed class ProviderTokenTests : IAsyncLifetime
{
    private const string Authority = "https://idp.example";
    private const string ClientId = "ragmemory-portal";
    private const string Audience = "urn:ragmemory:api";
    private readonly RsaSecurityKey _key = new(RSA.Create(2048)) { KeyId = "provider-key" };
    private readonly RagMemoryApiFactory _factory = new();

    public ProviderTokenTests()
    {
        _factory.Settings["Authentication:Oidc:Authority"] = Authority;
        _factory.Settings["Authentication:Oidc:ClientId"] = ClientId;
        _factory.Settings["Authentication:Oidc:Audience"] = Audience;
        var configuration = new OpenIdConnectConfiguration { Issuer = Authority };
        configuration.SigningKeys.Add(_key);
        _factory.ServiceOverrides.Add(services => services.PostConfigure<JwtBearerOptions>(OidcOptions.BearerScheme, options =>
        {
            // What the handler would take from the provider's discovery document.
            options.Configuration = configuration;
            options.ConfigurationManager = null;
            options.TokenValidationParameters.ValidIssuer = configuration.Issuer;
            options.TokenValidationParameters.IssuerSigningKeys = configuration.SigningKeys;
        }));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task A_scope_with_our_prefix_grants_its_permission()
    {
        var client = ClientWith(Token(Audience, new Claim("scope", "openid ragmemory:memory:read")));

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/hybrid/search", new { query = "x", limit = 1 })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/admin/accounts")).StatusCode);
    }

    [Theory]
    [InlineData("admin")]
    [InlineData("memory:read admin")]
    public async Task A_bare_admin_scope_grants_nothing(string scope)
    {
        var client = ClientWith(Token(Audience, new Claim("scope", scope)));

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/admin/accounts")).StatusCode);
    }

    [Fact]
    public async Task A_permission_claim_in_the_token_is_ignored()
    {
        var client = ClientWith(Token(Audience, new Claim(Permissions.ClaimType, Permissions.Admin), new Claim(Permissions.ClaimType, Permissions.Read)));

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/admin/accounts")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync("/hybrid/search", new { query = "x", limit = 1 })).StatusCode);
    }

    [Fact]
    public async Task An_id_token_is_refused_at_the_api()
    {
        var idToken = Token(ClientId, new Claim("nonce", "n-0S6_WzA2Mj"), new Claim("roles", Roles.Admin));
        var idTokenForTwo = Token(Audience, new Claim("aud", ClientId), new Claim("at_hash", "77QmUPtjPfzWtF2AnpK9RQ"), new Claim("roles", Roles.Admin));

        Assert.Equal(HttpStatusCode.Unauthorized, (await ClientWith(idToken).GetAsync("/admin/accounts")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ClientWith(idTokenForTwo).GetAsync("/admin/accounts")).StatusCode);
    }

    [Fact]
    public async Task A_provider_role_still_maps_through_our_table()
    {
        var client = ClientWith(Token(Audience, new Claim("roles", Roles.Admin)));

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin/accounts")).StatusCode);
    }

    [Fact]
    public void The_provider_cannot_start_without_an_explicit_audience_other_than_the_client_id()
    {
        foreach (var audience in new string?[] { null, ClientId })
        {
            using var factory = new RagMemoryApiFactory();
            factory.Settings["Authentication:Oidc:Authority"] = Authority;
            factory.Settings["Authentication:Oidc:ClientId"] = ClientId;
            factory.Settings["Authentication:Oidc:Audience"] = audience;

            var error = Assert.ThrowsAny<Exception>(() => factory.Server);
            Assert.Contains("Authentication:Oidc:Audience", error.ToString(), StringComparison.Ordinal);
        }
    }

    private HttpClient ClientWith(string token)
    {
        var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private string Token(string audience, params Claim[] claims) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = Authority,
        Audience = audience,
        Subject = new ClaimsIdentity([new Claim("sub", "program-1"), .. claims]),
        Expires = DateTime.UtcNow.AddMinutes(10),
        SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.RsaSha256),
    });
}
