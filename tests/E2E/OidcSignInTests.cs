using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using RagMemory.Tests.E2E.Infrastructure;
using RagMemory.Tests.E2E.Pages;
using static Microsoft.Playwright.Assertions;

namespace RagMemory.Tests.E2E;

/// <summary>Sign-in and API access through a real OpenID Connect provider (oidc-provider) running beside the portal.</summary>
[Collection(PortalCollection.Name)]
public sealed class OidcSignInTests(PortalFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task An_analyst_signs_in_through_the_provider_lands_as_a_reader_and_signs_out()
    {
        await using var session = await fixture.StartSessionAsync(nameof(An_analyst_signs_in_through_the_provider_lands_as_a_reader_and_signs_out), output);
        var page = session.Page;
        var login = new LoginPage(page);

        await session.StepAsync("choose-provider", async () =>
        {
            await login.GotoAsync();
            await login.OidcLink.ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("^" + Regex.Escape(fixture.Oidc.Issuer.ToString().TrimEnd('/'))));
        });
        await session.StepAsync("provider-login", async () =>
        {
            await page.Locator("input[name=login]").FillAsync("analyst");
            await page.Locator("input[name=password]").FillAsync("any-password");
            await page.Locator("button[type=submit]").ClickAsync();
        });
        await session.StepAsync("provider-consent", async () =>
        {
            await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Continue" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/search$"));
        });
        await session.StepAsync("signed-in-as-reader", async () =>
        {
            await Expect(page.GetByTestId("signed-in-user")).ToHaveTextAsync("analyst");
            await Expect(page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Search" })).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Ingest" })).ToHaveCountAsync(0);
        });
        var kept = await page.Context.CookiesAsync();
        await session.StepAsync("signed-out", async () =>
        {
            await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign out", Exact = true }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/login$"));
            await new SearchPage(page).GotoAsync();
            await Expect(page).ToHaveURLAsync(new Regex(@"/login\?returnUrl=", RegexOptions.IgnoreCase));
        });
        await session.StepAsync("kept-cookie-refused", async () =>
        {
            // A copy of the cookie saved before signing out names a session that sign-out ended.
            await page.Context.AddCookiesAsync(kept.Select(c => new Microsoft.Playwright.Cookie { Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path }));
            await new SearchPage(page).GotoAsync();
            await Expect(page).ToHaveURLAsync(new Regex(@"/login\?returnUrl=", RegexOptions.IgnoreCase));
        });
    }

    [Fact]
    public async Task The_api_accepts_the_providers_access_token_with_the_permissions_of_its_scopes()
    {
        using var http = new HttpClient();
        using var tokenRequest = new HttpRequestMessage(HttpMethod.Post, new Uri(fixture.Oidc.Issuer, "token"))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["scope"] = "ragmemory:memory:read",
                ["resource"] = OidcProvider.Audience,
            }),
        };
        tokenRequest.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes($"{OidcProvider.ClientId}:{OidcProvider.ClientSecret}")));
        var tokenResponse = await http.SendAsync(tokenRequest);
        Assert.Equal(HttpStatusCode.OK, tokenResponse.StatusCode);
        var token = (await tokenResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString();

        using var api = new HttpClient { BaseAddress = fixture.BaseAddress };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsJsonAsync("/hybrid/search", new { query = "anything", limit = 3 })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.PostAsJsonAsync("/ingest/", new { id = "from-oidc", text = "Not allowed to write." })).StatusCode);

        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token![..^3] + "abc");
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.PostAsJsonAsync("/hybrid/search", new { query = "anything", limit = 3 })).StatusCode);
    }
}
