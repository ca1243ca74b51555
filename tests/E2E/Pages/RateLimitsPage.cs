using Microsoft.Playwright;

namespace RagMemory.Tests.E2E.Pages;

/// <summary>Admin / Rate limits: each policy's limit, window, counters and chart, edited in place.</summary>
public sealed class RateLimitsPage(IPage page) : BasePage(page)
{
    public override string PagePath => "/manage/rate-limits";

    public ILocator Policy(string name) => Page.Locator($"[data-testid='rate-limit'][data-policy='{name}']");

    public ILocator Rejected(string name) => Policy(name).GetByTestId("rejected");

    public ILocator Chart(string name) => Policy(name).GetByTestId("sparkline");

    public ILocator AuditEntries => Page.GetByTestId("audit-entry");

    public async Task SetLimitAsync(string name, int permitLimit)
    {
        await Page.Locator($"#limit-{name}").FillAsync(permitLimit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Page.Locator($"#limit-{name}").BlurAsync();
        await Policy(name).GetByRole(AriaRole.Button, new() { Name = $"Save {name}" }).ClickAsync();
    }
}
