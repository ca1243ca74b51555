using Microsoft.Playwright;

namespace RagMemory.Tests.E2E.Pages;

/// <summary>The static sign-in form; it posts to the cookie endpoint, so there is no circuit to wait for.</summary>
public sealed class LoginPage(IPage page) : BasePage(page)
{
    public override string PagePath => "/login";

    public ILocator Username => Page.Locator("#username");

    public ILocator Password => Page.Locator("#password");

    public ILocator SignInButton => Page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign in", Exact = true });

    public ILocator Error => Page.GetByRole(AriaRole.Alert);

    public ILocator OidcLink => Page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Sign in with Test provider" });

    public async Task SignInAsync(string username, string password)
    {
        await Username.FillAsync(username);
        await Password.FillAsync(password);
        await SignInButton.ClickAsync();
    }
}
