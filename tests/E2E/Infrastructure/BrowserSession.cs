using Microsoft.Playwright;

namespace RagMemory.Tests.E2E.Infrastructure;

/// <summary>One test's browser context and page; each step is logged and leaves a screenshot, a failed one too.</summary>
public sealed class BrowserSession(IBrowserContext context, IPage page, Screenshots screenshots, ITestOutputHelper output) : IAsyncDisposable
{
    public IPage Page { get; } = page;

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
