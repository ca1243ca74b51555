using System.Text.RegularExpressions;
using RagMemory.Tests.E2E.Infrastructure;
using RagMemory.Tests.E2E.Pages;
using static Microsoft.Playwright.Assertions;

namespace RagMemory.Tests.E2E;

[Collection(PortalCollection.Name)]
public sealed class SignInTests(PortalFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task Wrong_password_keeps_the_user_on_the_sign_in_page_with_an_error()
    {
        await using var session = await fixture.StartSessionAsync(nameof(Wrong_password_keeps_the_user_on_the_sign_in_page_with_an_error), output);
        var login = new LoginPage(session.Page);

        await session.StepAsync("login-form", async () =>
        {
            await login.GotoAsync();
            await Expect(login.Error).ToHaveCountAsync(0);
        });
        await session.StepAsync("wrong-password", async () =>
        {
            await login.SignInAsync(PortalFactory.AdminUsername, "not-the-admin-password");
            await Expect(session.Page).ToHaveURLAsync(new Regex(@"/login\?error=1"));
            await Expect(login.Error).ToHaveTextAsync("Unknown username or wrong password.");
            await Expect(login.SignInButton).ToBeVisibleAsync();
        });
    }

    [Fact]
    public async Task Anonymous_visit_to_search_redirects_to_sign_in()
    {
        await using var session = await fixture.StartSessionAsync(nameof(Anonymous_visit_to_search_redirects_to_sign_in), output);
        var login = new LoginPage(session.Page);

        await session.StepAsync("anonymous-search", async () =>
        {
            await new SearchPage(session.Page).GotoAsync();
            await Expect(session.Page).ToHaveURLAsync(new Regex(@"/login\?returnUrl=%2Fsearch$", RegexOptions.IgnoreCase));
            await Expect(login.Username).ToBeVisibleAsync();
            await Expect(login.SignInButton).ToBeVisibleAsync();
        });
    }
}
