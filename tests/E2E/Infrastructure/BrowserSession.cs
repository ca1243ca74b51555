using Microsoft.Playwright;

namespace RagMemory.Tests.E2E.Infrastructure;

/// <summary>One test's browser context and page; each step is logged and leaves a screenshot, a failed one too.</summary>
public sealed class BrowserSession(IBrowserContext context, IPage page, Screenshots screenshots, ITestOutputHelper output) : IAsyncDisposable
{
    public IPage Page { get; } = page;

    /// <summary>The "sign-in" step: the local form, landing on Search.</summary>
    public Task SignInAsync(string username = PortalFactory.AdminUsername, string password = PortalFactory.AdminPassword) =>
        StepAsync("sign-in", async () =>
        {
            var login = new Pages.LoginPage(Page);
            await login.GotoAsync();
            await login.SignInAsync(username, password);
            await Assertions.Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/search$"));
        });

    public async Task StepAsync(string name, Func<Task> step)
    {
        output.WriteLine($"step: {name}");
        try
        {
            await step();
        }
        catch (Exception)
        {
            output.WriteLine($"step failed: {name} at {Page.Url}");
            await TryScreenshotOfFailureAsync(name);
            throw;
        }

        await screenshots.TakeAsync(Page, name);
    }

    /// <summary>A screenshot that cannot be taken (a crashed page) must not hide the step's own failure.</summary>
    private async Task TryScreenshotOfFailureAsync(string name)
    {
        try
        {
            await screenshots.TakeAsync(Page, $"{name}-FAILED");
        }
        catch (PlaywrightException exception)
        {
            output.WriteLine($"no screenshot of the failure: {exception.Message}");
        }
    }

    public async ValueTask DisposeAsync() => await context.CloseAsync();
}
