using Microsoft.Playwright;

namespace RagMemory.Tests.E2E.Infrastructure;

/// <summary>Full-page PNGs of each step in <c>&lt;test bin&gt;/screenshots/</c>, named test-step, kept as test output.</summary>
public sealed class Screenshots(string testName, ITestOutputHelper output)
{
    public static string Folder { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    private int _count;

    /// <summary>Removes the previous run's pictures so that the folder shows this run only.</summary>
    public static void ClearFolder()
    {
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }

    public async Task<string> TakeAsync(IPage page, string step)
    {
        Directory.CreateDirectory(Folder);
        var path = Path.Combine(Folder, $"{testName}-{++_count:00}-{step}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        output.WriteLine($"screenshot: {path}");
        return path;
    }
}
