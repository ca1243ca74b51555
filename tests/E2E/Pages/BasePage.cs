using Microsoft.Playwright;

namespace RagMemory.Tests.E2E.Pages;

/// <summary>A portal page at a path relative to the browser context's base URL.</summary>
public abstract class BasePage(IPage page)
{
    public abstract string PagePath { get; }

    protected IPage Page { get; } = page;

    public async Task GotoAsync() =>
        await Page.GotoAsync(PagePath, new PageGotoOptions { WaitUntil = WaitUntilState.DOMContentLoaded });

    /// <summary>
    /// Interactive pages are prerendered first: typing before the Blazor circuit is up would be lost, so wait for the
    /// <c>data-interactive="true"</c> marker that the main layout renders only once the circuit renders it.
    /// </summary>
    public Task WaitUntilInteractiveAsync() => WaitUntilInteractiveAsync(Page);

    /// <summary>The same wait for a page opened by its address, without a page object of its own.</summary>
    public static async Task WaitUntilInteractiveAsync(IPage page) =>
        await page.Locator("[data-interactive='true']").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
}
