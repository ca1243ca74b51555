using Microsoft.Playwright;

namespace RagMemory.Tests.E2E.Pages;

/// <summary>Admin / Logs: the live tail with its filters and correlation-id drill-down.</summary>
public sealed class LogsPage(IPage page) : BasePage(page)
{
    public override string PagePath => "/manage/logs";

    public ILocator Events => Page.GetByTestId("log-event");

    public ILocator CorrelationFilter => Page.Locator("#log-correlation-id");

    public ILocator TextFilter => Page.Locator("#log-text");

    public ILocator EventsOf(string correlationId) => Page.Locator($"[data-testid='log-event'][data-correlation-id='{correlationId}']");

    public ILocator CorrelationButton(string correlationId) =>
        Page.GetByRole(AriaRole.Button, new() { Name = $"Show events of correlation id {correlationId}" });
}
