using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RagMemory.Identity;

namespace RagMemory.Tests.Api;

/// <summary>The secure defaults every answer carries, and problem details for a route that matched nothing.</summary>
public sealed partial class SecurityHeadersTests(RagMemoryApiFactory factory) : IClassFixture<RagMemoryApiFactory>
{
    [Fact]
    public async Task A_portal_page_allows_scripts_only_from_this_site_or_with_its_nonce_which_only_the_import_map_carries()
    {
        var browser = new PortalBrowser(factory);
        await browser.SignInAsync(BootstrapAdmin.Username, RagMemoryApiFactory.AdminPassword);

        var page = await browser.GetAsync("/search");
        var html = await page.Content.ReadAsStringAsync();
        var policy = string.Join(" ", page.Headers.GetValues("Content-Security-Policy"));
        var nonce = NonceInPolicy().Match(policy).Groups[1].Value;

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("script-src 'self' 'nonce-", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", policy, StringComparison.Ordinal);
        Assert.DoesNotMatch("script-src[^;]*unsafe-inline", policy);
        Assert.Contains("frame-ancestors 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("object-src 'none'", policy, StringComparison.Ordinal);
        Assert.Matches("^[0-9a-f]{32}$", nonce);
        Assert.Contains($"<script type=\"importmap\" nonce=\"{nonce}\"", html, StringComparison.Ordinal);
        Assert.Single(InlineScripts().Matches(html));
        Assert.NotEqual(nonce, NonceInPolicy().Match(string.Join(" ", (await browser.GetAsync("/search")).Headers.GetValues("Content-Security-Policy"))).Groups[1].Value);
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/login")]
    [InlineData("/memory/collection/info")]
    public async Task Every_answer_forbids_sniffing_keeps_referrers_on_this_site_and_has_a_policy(string route)
    {
        var response = await factory.CreateClient().GetAsync(route);

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("same-origin", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("default-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public void Kestrel_names_no_server()
    {
        Assert.False(factory.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.AddServerHeader);
    }

    [Theory]
    [InlineData("GET", "/no/such/route", 404)]
    [InlineData("PUT", "/auth/token", 405)]
    [InlineData("PATCH", "/memory/search", 405)]
    public async Task A_route_that_matched_nothing_answers_problem_details(string method, string route, int status)
    {
        var client = await factory.CreateClientAsync();
        using var request = new HttpRequestMessage(new HttpMethod(method), route);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        var response = await client.SendAsync(request);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.True(problem.TryGetProperty("correlation_id", out _));
    }

    [GeneratedRegex("'nonce-([^']+)'")]
    private static partial Regex NonceInPolicy();

    [GeneratedRegex("<script(?![^>]*\\bsrc=)[^>]*>")]
    private static partial Regex InlineScripts();
}
