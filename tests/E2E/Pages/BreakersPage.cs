using Microsoft.Playwright;

namespace RagMemory.Tests.E2E.Pages;

/// <summary>Admin / Breakers: each backend's breaker, live, with isolate and reset behind a confirmation.</summary>
public sealed class BreakersPage(IPage page) : BasePage(page)
{
    public override string PagePath => "/manage/breakers";

    public ILocator State(string backend) => Page.Locator($"[data-testid='breaker'][data-backend='{backend}'] [data-testid='breaker-state']");

    public Task IsolateAsync(string backend) => ConfirmAsync($"Isolate {backend}", "Isolate");

    public Task ResetAsync(string backend) => ConfirmAsync($"Reset {backend}", "Reset");

    private async Task ConfirmAsync(string button, string confirm)
    {
        await Page.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).ClickAsync();
        await Page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = confirm, Exact = true }).ClickAsync();
    }
}
