using System.Text.RegularExpressions;
using RagMemory.Tests.E2E.Infrastructure;
using RagMemory.Tests.E2E.Pages;
using static Microsoft.Playwright.Assertions;

namespace RagMemory.Tests.E2E;

[Collection(PortalCollection.Name)]
public sealed class ReaderJourneyTests(PortalFixture fixture, ITestOutputHelper output)
{
    private const string Password = "reader-password-for-e2e";

    [Fact]
    public async Task A_reader_sees_no_admin_pages_and_is_refused_each_one_opened_by_its_address()
    {
        await using var session = await fixture.StartSessionAsync(nameof(A_reader_sees_no_admin_pages_and_is_refused_each_one_opened_by_its_address), output);
        using var api = await PortalApi.SignInAsync(fixture.BaseAddress);
        var reader = await api.CreateAccountAsync(Password, "reader");
        var page = session.Page;

        await session.SignInAsync(reader, Password);
        await session.StepAsync("reader-menu", async () =>
        {
            await Expect(page.GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = "Search" })).ToBeVisibleAsync();
            await Expect(page.GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = "Rate limits" })).ToHaveCountAsync(0);
            await Expect(page.GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = "Ingest" })).ToHaveCountAsync(0);
        });

        foreach (var path in new[] { "/manage/rate-limits", "/manage/breakers", "/manage/health", "/manage/logs", "/manage/accounts", "/ingestion" })
        {
            await session.StepAsync($"refused{path.Replace('/', '-')}", async () =>
            {
                await page.GotoAsync(path);
                await Expect(page.GetByText("403")).ToBeVisibleAsync();
                await Expect(page.GetByRole(Microsoft.Playwright.AriaRole.Heading, new() { Level = 4 })).ToHaveCountAsync(0);
            });
        }
    }
}
