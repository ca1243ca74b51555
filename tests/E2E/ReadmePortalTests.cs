using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using RagMemory.Tests.E2E.Infrastructure;
using RagMemory.Tests.E2E.Pages;
using static Microsoft.Playwright.Assertions;

namespace RagMemory.Tests.E2E;

/// <summary>Runs alone: it builds and starts whole portals of its own, which would slow the shared portal's journeys.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ReadmePortalCollection
{
    public const string Name = "README portal";
}

/// <summary>
/// The portal started as the README tells a new user to start it, not through the test host: a separate process, the
/// default (Production) environment, a fresh working folder. Every test elsewhere runs the host in Development, where
/// static web assets are served differently, so only these tests see what a user sees.
/// </summary>
[Collection(ReadmePortalCollection.Name)]
public sealed class ReadmePortalTests(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>Every page of the portal an admin can open, by its address.</summary>
    private static readonly string[] SignedInPages =
        ["/search", "/graph-browser", "/ingestion", "/manage/rate-limits", "/manage/breakers", "/manage/health", "/manage/logs", "/manage/accounts"];

    private const string Text = "The Kestrel Point beacon was rebuilt in granite by the engineer Ottoline Varga in 1911.";

    private readonly string _workingDirectory = Path.Combine(Path.GetTempPath(), "ragmemory-readme", Guid.NewGuid().ToString("N"));

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_workingDirectory);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_readme_run_command_serves_a_styled_interactive_portal_with_its_data_in_the_folder_it_ran_from()
    {
        var port = OidcProvider.FreePort();
        var command = ReadmeCommands.RunPortal(port);
        output.WriteLine($"running in {_workingDirectory}: {string.Join(' ', command)}");
        await using var portal = await PortalProcess.StartAsync(command[0], command.Skip(1), _workingDirectory, new Uri($"http://127.0.0.1:{port}"));
        Assert.True(File.Exists(Path.Combine(_workingDirectory, "data", "ragmemory.db")), $"No ./data/ragmemory.db in the folder the command ran from ({_workingDirectory}).");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await ChromiumBrowser.LaunchAsync(playwright);
        var (page, problems) = await SignInAsync(browser, portal);

        foreach (var path in SignedInPages)
        {
            await page.GotoAsync(path);
            await BasePage.WaitUntilInteractiveAsync(page);
            await AssertPageIsWholeAsync(page, problems, path);
        }

        var eventId = $"readme-{Guid.NewGuid():N}"[..20];
        var ingest = new IngestPage(page);
        await ingest.GotoAsync();
        await ingest.WaitUntilInteractiveAsync();
        await ingest.SubmitAsync(eventId, Text);
        await Expect(ingest.SubmissionStatus(eventId)).ToHaveTextAsync("done", new() { Timeout = 120_000 });

        var search = new SearchPage(page);
        await search.GotoAsync();
        await search.WaitUntilInteractiveAsync();
        await search.SearchAsync("Who rebuilt the Kestrel Point beacon?");
        await Expect(search.ResultFor(eventId)).ToHaveCountAsync(1);
        await Expect(search.Answer).ToContainTextAsync("Ottoline Varga");
        Assert.Empty(problems.Take());
        await AssertStaticFilesAnswerAsExpectedAsync(portal.BaseAddress);
    }

    [Fact]
    public async Task A_published_build_run_with_dotnet_serves_every_asset_of_its_pages()
    {
        var publish = Path.Combine(_workingDirectory, "publish");
        await RunToEndAsync("dotnet", ["publish", Path.Combine(Repository.Root, "src", "Portal", "Portal.csproj"), "-c", BuildConfiguration, "--no-build", "-o", publish]);
        var port = OidcProvider.FreePort();
        await using var portal = await PortalProcess.StartAsync("dotnet", ["RagMemory.Portal.dll", "--urls", $"http://127.0.0.1:{port}"], publish, new Uri($"http://127.0.0.1:{port}"));
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await ChromiumBrowser.LaunchAsync(playwright);
        var (page, problems) = await SignInAsync(browser, portal);
        await BasePage.WaitUntilInteractiveAsync(page);
        await AssertPageIsWholeAsync(page, problems, "/search");
        await AssertStaticFilesAnswerAsExpectedAsync(portal.BaseAddress);
    }

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(_workingDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder left behind is harmless.
        }

        return Task.CompletedTask;
    }

#if DEBUG
    private const string BuildConfiguration = "Debug";
#else
    private const string BuildConfiguration = "Release";
#endif

    /// <summary>A fresh browser context on the portal's sign-in page, checked whole, then signed in with the printed password.</summary>
    private async Task<(IPage Page, PageProblems Problems)> SignInAsync(IBrowser browser, PortalProcess portal)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = portal.BaseAddress.ToString() });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        var problems = new PageProblems(page);
        var login = new LoginPage(page);
        await login.GotoAsync();
        await AssertPageIsWholeAsync(page, problems, "/login");
        await login.SignInAsync("admin", portal.AdminPassword());
        await Expect(page).ToHaveURLAsync(new Regex("/search$"));
        return (page, problems);
    }

    private async Task AssertPageIsWholeAsync(IPage page, PageProblems problems, string path)
    {
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var broken = await PageProblems.BrokenAssetsAsync(page);
        var seen = problems.Take();
        output.WriteLine($"{path}: {broken.Count} broken assets, {seen.Count} problems");
        Assert.True(broken.Count == 0 && seen.Count == 0, $"{path} is not whole:\n{string.Join('\n', broken.Concat(seen))}");
    }

    /// <summary>The browser's automatic /favicon.ico is answered; a static file that does not exist is a 404, never a 500.</summary>
    private static async Task AssertStaticFilesAnswerAsExpectedAsync(Uri portal)
    {
        using var http = new HttpClient { BaseAddress = portal };
        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync("/favicon.ico")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await http.GetAsync("/_content/MudBlazor/no-such-file.css")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await http.GetAsync("/no-such-file.js")).StatusCode);
    }

    private async Task RunToEndAsync(string fileName, string[] arguments)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true };
        PortalProcess.UseUserEnvironment(start);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        output.WriteLine(await stdout);
        Assert.True(process.ExitCode == 0, $"{fileName} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{await stdout}\n{await stderr}");
    }
}
