using System.Text.RegularExpressions;
using RagMemory.Tests.E2E.Infrastructure;
using RagMemory.Tests.E2E.Pages;
using static Microsoft.Playwright.Assertions;

namespace RagMemory.Tests.E2E;

/// <summary>Every page stays readable in a phone-sized window: nothing wider than the window makes the page scroll sideways.</summary>
[Collection(PortalCollection.Name)]
public sealed class NarrowWindowTests(PortalFixture fixture, ITestOutputHelper output)
{
    public static TheoryData<string> Pages =>
    [
        "/search?q=lighthouse",
        "/ingestion",
        "/graph-browser",
        "/manage/rate-limits",
        "/manage/breakers",
        "/manage/health",
        "/manage/logs",
        "/manage/accounts",
    ];

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task A_page_fits_a_narrow_window_without_scrolling_sideways(string path)
    {
        var name = Regex.Replace(path, "[^a-z]+", "-").Trim('-');
        await using var session = await fixture.StartSessionAsync($"narrow-{name}", output);
        var page = session.Page;
        await page.SetViewportSizeAsync(390, 844);
        await session.SignInAsync();

        await session.StepAsync("page", async () =>
        {
            await page.GotoAsync(path);
            await BasePage.WaitUntilInteractiveAsync(page);
            await page.GetByRole(Microsoft.Playwright.AriaRole.Heading, new() { Level = 4 }).First.WaitForAsync();
        });

        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 1, $"{path} is {overflow} px wider than a 390 px window; something on it does not wrap or scroll within itself.");
    }
}
