using System.Text.RegularExpressions;
using Microsoft.Playwright;
using RagMemory.Tests.E2E.Infrastructure;
using RagMemory.Tests.E2E.Pages;
using static Microsoft.Playwright.Assertions;

namespace RagMemory.Tests.E2E;

/// <summary>
/// Visits every page with something on it, as docs/portal.md shows them, and saves one 1280x720 picture per page to
/// <c>screenshots/portal/</c>; <c>scripts/portal-screenshots.sh</c> copies them into docs/portal/.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class PortalTourTests(PortalFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task Every_page_renders_its_content_for_the_documentation_pictures()
    {
        await using var session = await fixture.StartSessionAsync(nameof(Every_page_renders_its_content_for_the_documentation_pictures), output);
        var page = session.Page;
        await page.SetViewportSizeAsync(1280, 720);
        using var api = await PortalApi.SignInAsync(fixture.BaseAddress);
        var suffix = Guid.NewGuid().ToString("N")[..6];
        await api.IngestAsync($"voyager-{suffix}", "Voyager 1 left the heliosphere in August 2012, NASA reported. Its plutonium generators still power the instruments.", TimeSpan.FromMinutes(2));
        await api.IngestAsync($"pioneer-{suffix}", "Pioneer 10 was the first spacecraft to cross the asteroid belt and fly past Jupiter, for NASA, in 1973.", TimeSpan.FromMinutes(2));

        var login = new LoginPage(page);
        await login.GotoAsync();
        await Picture(page, "login");
        await login.SignInAsync(PortalFactory.AdminUsername, PortalFactory.AdminPassword);
        await Expect(page).ToHaveURLAsync(new Regex("/search$"));

        var search = new SearchPage(page);
        await search.WaitUntilInteractiveAsync();
        await search.SearchAsync("Which spacecraft left the heliosphere?");
        await Expect(search.ResultFor($"voyager-{suffix}")).ToHaveCountAsync(1);
        await search.CitationLinks.First.ClickAsync();
        await Expect(search.SourceEvent).ToBeVisibleAsync();
        await Picture(page, "search");

        var graph = new GraphPage(page);
        await graph.GotoAsync();
        await graph.WaitUntilInteractiveAsync();
        await graph.FindAsync("Entity", "name", "NASA");
        await graph.Node("Entity NASA").ClickAsync();
        await Expect(graph.Node($"Event pioneer-{suffix}")).ToBeVisibleAsync();
        await Picture(page, "graph");

        var ingest = new IngestPage(page);
        await ingest.GotoAsync();
        await ingest.WaitUntilInteractiveAsync();
        await ingest.UploadAsync(($"missions-{suffix}.md", "text/markdown", "# Missions\n\nCassini orbited Saturn for thirteen years."));
        await Expect(ingest.UploadPhase($"missions-{suffix}.md")).ToHaveTextAsync("done", new() { Timeout = 120_000 });
        await Picture(page, "ingest");

        foreach (var (path, name) in new[] { ("/manage/rate-limits", "rate-limits"), ("/manage/breakers", "breakers"), ("/manage/health", "health"), ("/manage/logs", "logs") })
        {
            await page.GotoAsync(path);
            await BasePage.WaitUntilInteractiveAsync(page);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 4 })).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Progressbar)).ToHaveCountAsync(0, new() { Timeout = 60_000 });
            await Picture(page, name);
        }

        await page.GotoAsync("/manage/accounts");
        await BasePage.WaitUntilInteractiveAsync(page);
        await page.Locator("#client-name").FillAsync("nightly import");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create API client" }).ClickAsync();
        await Expect(page.GetByTestId("created-client-secret")).ToBeVisibleAsync();
        await page.GetByTestId("clients").ScrollIntoViewIfNeededAsync();
        await Picture(page, "accounts");

        await page.GotoAsync("/search?q=" + Uri.EscapeDataString("Who flew past Jupiter?"));
        await search.WaitUntilInteractiveAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Toggle dark mode" }).ClickAsync();
        await Expect(search.ResultFor($"pioneer-{suffix}")).ToHaveCountAsync(1);
        await Picture(page, "search-dark");
    }

    private async Task Picture(IPage page, string name)
    {
        var folder = Path.Combine(Screenshots.Folder, "portal");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{name}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path });
        output.WriteLine($"portal picture: {path}");
    }
}
