using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using RagMemory.Identity;

namespace RagMemory.Tests.Api;

/// <summary>
/// Every route of the running app, read from its own endpoint list so a new route cannot be missed, against every kind
/// of caller: anonymous, a forged signature, an expired token, and each role.
/// </summary>
public sealed partial class AuthorizationMatrixTests(RagMemoryApiFactory factory) : IClassFixture<RagMemoryApiFactory>
{
    private static readonly string[] Callers = ["anonymous", "invalid_signature", "expired", "wrong_audience", "wrong_issuer", Roles.Reader, Roles.Writer, Roles.Admin];

    [Fact]
    public async Task Every_route_answers_every_caller_as_its_permission_requires()
    {
        var routes = Routes();
        Assert.Contains(routes, r => r.Path == "/memory/search");
        Assert.Contains(routes, r => r.Path == "/admin/rate-limits");
        var lifecycle = string.Join(", ", routes.Where(r => r.Path.StartsWith("/ingest", StringComparison.Ordinal) || r.Path.StartsWith("/mcp", StringComparison.Ordinal)));
        Assert.True(routes.Any(r => r.Method == "DELETE" && r.Path == "/ingest/some-id"), lifecycle);
        Assert.True(routes.Any(r => r.Method == "GET" && r.Path == "/ingest"), lifecycle);
        Assert.True(routes.Any(r => r.Method == "PUT" && r.Path == "/ingest/some-id"), lifecycle);
        Assert.Contains(routes, r => r.Method == "GET" && r.Path == "/admin/audit/deletions");
        Assert.True(routes.Any(r => r.Method == "POST" && r.Path == "/mcp/"), lifecycle);
        var clients = new Dictionary<string, HttpClient>();
        foreach (var caller in Callers)
        {
            clients[caller] = await ClientForAsync(caller);
        }

        var mismatches = new List<string>();
        foreach (var route in routes)
        {
            foreach (var caller in Callers)
            {
                using var request = new HttpRequestMessage(new HttpMethod(route.Method), route.Path);
                if (route.Method is "POST" or "PUT")
                {
                    request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
                }

                var status = (await clients[caller].SendAsync(request)).StatusCode;
                var expected = Expected(route.Policy, caller);
                if (!Answers(expected, status))
                {
                    mismatches.Add($"{route.Method} {route.Path} as {caller}: expected {expected}, got {(int)status}");
                }
            }
        }

        Assert.True(mismatches.Count == 0, string.Join(Environment.NewLine, mismatches));
    }

    /// <summary>
    /// The same routes, each naming a namespace no role was granted (query parameter and body field): the data routes
    /// refuse reader and writer with a 403 whatever their permission, admins pass, and the rest answer as before.
    /// </summary>
    [Fact]
    public async Task Every_route_naming_a_namespace_answers_every_caller_as_its_grants_require()
    {
        var routes = Routes();
        var clients = new Dictionary<string, HttpClient>();
        foreach (var caller in Callers)
        {
            clients[caller] = await ClientForAsync(caller);
        }

        var mismatches = new List<string>();
        foreach (var route in routes.Where(r => !r.Path.StartsWith("/mcp", StringComparison.Ordinal)))
        {
            foreach (var caller in Callers)
            {
                var separator = route.Path.Contains('?', StringComparison.Ordinal) ? '&' : '?';
                using var request = new HttpRequestMessage(new HttpMethod(route.Method), $"{route.Path}{separator}namespace=not-granted");
                if (route.Method is "POST" or "PUT")
                {
                    request.Content = new StringContent("{\"namespace\":\"not-granted\"}", Encoding.UTF8, "application/json");
                }

                var response = await clients[caller].SendAsync(request);
                var expected = Expected(route.Policy, caller);
                if (expected == Expectation.Allowed && caller != Roles.Admin && route.Policy is not null && IsNamespaced(route.Path))
                {
                    expected = Expectation.Forbidden;
                }

                var status = response.StatusCode;
                if (!Answers(expected, status))
                {
                    mismatches.Add($"{route.Method} {route.Path} in not-granted as {caller}: expected {expected}, got {(int)status}");
                }
            }
        }

        Assert.True(mismatches.Count == 0, string.Join(Environment.NewLine, mismatches));
    }

    /// <summary>The routes whose data lives in a namespace (the admin queue is also namespaced, but only admins reach it).</summary>
    private static bool IsNamespaced(string path) =>
        new[] { "/ingest", "/memory/", "/graph/", "/hybrid/" }.Any(prefix => path.StartsWith(prefix, StringComparison.Ordinal));

    private static bool Answers(Expectation expected, HttpStatusCode status) => expected switch
    {
        Expectation.Unauthorized => status == HttpStatusCode.Unauthorized,
        Expectation.Forbidden => status == HttpStatusCode.Forbidden,
        _ => status is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden) && (int)status < 500,
    };

    private static Expectation Expected(string? policy, string caller) =>
        policy is null ? Expectation.Allowed
        : !Roles.All.Contains(caller) ? Expectation.Unauthorized
        : Roles.PermissionsOf(caller).Contains(policy) ? Expectation.Allowed
        : Expectation.Forbidden;

    private List<Route> Routes()
    {
        _ = factory.Server;
        var endpoints = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
        var routes = new List<Route>();
        foreach (var endpoint in endpoints)
        {
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            var template = endpoint.RoutePattern.RawText ?? string.Empty;
            if (template.Contains("{**", StringComparison.Ordinal) || template.StartsWith("_", StringComparison.Ordinal) || template.StartsWith("/_", StringComparison.Ordinal)
                || endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Components.Endpoints.ComponentTypeMetadata>() is not null)
            {
                continue; // Blazor's own framework and page endpoints answer with pages and redirects, not API statuses.
            }

            var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            var policy = anonymous ? null : endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).LastOrDefault(p => p is not null);
            var path = "/" + Placeholder().Replace(template.TrimStart('/'), m => m.Groups[1].Value switch
            {
                "id" when m.Value.Contains(":long", StringComparison.Ordinal) => "1",
                "name" => "no-such-name",
                _ => "some-id",
            });
            routes.AddRange(methods.Where(m => m is "GET" or "POST" or "PUT" or "DELETE").Select(m => new Route(m, path, policy)));
        }

        return routes.Where(r => !r.Path.StartsWith("/account/", StringComparison.Ordinal)).Distinct().ToList();
    }

    private async Task<HttpClient> ClientForAsync(string caller)
    {
        if (Roles.All.Contains(caller))
        {
            return caller == Roles.Admin ? await factory.CreateClientAsync() : await factory.CreateClientWithRolesAsync(caller);
        }

        var client = factory.CreateClient();
        var token = caller switch
        {
            "anonymous" => null,
            "invalid_signature" => Token(new SymmetricSecurityKey(new byte[64]), "ragmemory", "ragmemory-api", DateTime.UtcNow.AddHours(1)),
            "expired" => Token(SigningKey(), "ragmemory", "ragmemory-api", DateTime.UtcNow.AddMinutes(-10)),
            "wrong_audience" => Token(SigningKey(), "ragmemory", "someone-else", DateTime.UtcNow.AddHours(1)),
            "wrong_issuer" => Token(SigningKey(), "not-ragmemory", "ragmemory-api", DateTime.UtcNow.AddHours(1)),
            _ => throw new ArgumentOutOfRangeException(nameof(caller)),
        };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    private SymmetricSecurityKey SigningKey() => factory.Services.GetRequiredService<SigningKeyProvider>().Key;

    /// <summary>An admin's token, but signed, addressed or timed wrongly.</summary>
    private static string Token(SecurityKey key, string issuer, string audience, DateTime expires) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = issuer,
        Audience = audience,
        Subject = new ClaimsIdentity([new Claim("sub", "admin"), new Claim("name", "admin"), new Claim("role", Roles.Admin)]),
        IssuedAt = expires.AddHours(-1),
        NotBefore = expires.AddHours(-1),
        Expires = expires,
        SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
    });

    [System.Text.RegularExpressions.GeneratedRegex(@"\{([a-z_]+)(:[a-z]+)?\}")]
    private static partial System.Text.RegularExpressions.Regex Placeholder();

    private enum Expectation
    {
        Allowed,
        Unauthorized,
        Forbidden,
    }

    private sealed record Route(string Method, string Path, string? Policy);
}
