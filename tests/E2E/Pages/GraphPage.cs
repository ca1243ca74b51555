using Microsoft.Playwright;

namespace RagMemory.Tests.E2E.Pages;

/// <summary>The graph browser: find nodes by label and property, expand them, inspect one.</summary>
public sealed class GraphPage(IPage page) : BasePage(page)
{
    public override string PagePath => "/graph-browser";

    public ILocator Canvas => Page.GetByTestId("graph-canvas");

    public ILocator Nodes => Page.GetByTestId("graph-node");

    public ILocator Edges => Page.GetByTestId("graph-edge");

    public ILocator NodePanel => Page.GetByTestId("node-panel");

    public ILocator Node(string ariaLabel) => Page.Locator($"[data-testid='graph-node'][aria-label='{ariaLabel}']");

    public async Task FindAsync(string label, string property, string value)
    {
        await Page.Locator("#graph-label").FillAsync(label);
        await Page.Locator("#graph-property-name").FillAsync(property);
        await Page.Locator("#graph-property-value").FillAsync(value);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Find nodes", Exact = true }).ClickAsync();
    }
}
