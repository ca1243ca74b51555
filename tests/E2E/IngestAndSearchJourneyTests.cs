using System.Text.RegularExpressions;
using RagMemory.Tests.E2E.Infrastructure;
using RagMemory.Tests.E2E.Pages;
using static Microsoft.Playwright.Assertions;

namespace RagMemory.Tests.E2E;

[Collection(PortalCollection.Name)]
public sealed class IngestAndSearchJourneyTests(PortalFixture fixture, ITestOutputHelper output)
{
    private const string Text =
        "The Brightwater lighthouse was repainted red by its keeper Marguerite Okafor in March 2024. " +
        "Its lamp can be seen from forty kilometres out at sea.";

    private const string Question = "Who repainted the Brightwater lighthouse?";

    /// <summary>The first ingestion loads the embedding model on a shared two-core machine: allow it time.</summary>
    private const float IngestionTimeout = 120_000;

    [Fact]
    public async Task Signed_in_admin_ingests_an_event_and_finds_it_in_search_results_and_answer_citations()
    {
        await using var session = await fixture.StartSessionAsync(nameof(Signed_in_admin_ingests_an_event_and_finds_it_in_search_results_and_answer_citations), output);
        var page = session.Page;
        var eventId = $"e2e-{Guid.NewGuid():N}"[..16];
        var ingest = new IngestPage(page);
        var search = new SearchPage(page);

        await session.SignInAsync();
        await Expect(page.GetByTestId("signed-in-user")).ToHaveTextAsync(PortalFactory.AdminUsername);

        await session.StepAsync("ingest-form", async () =>
        {
            await ingest.GotoAsync();
            await ingest.WaitUntilInteractiveAsync();
            await Expect(page.GetByTestId("no-submissions")).ToBeVisibleAsync();
        });

        await session.StepAsync("ingest-submitted", async () =>
        {
            await ingest.SubmitAsync(eventId, Text);
            await Expect(ingest.Submission(eventId)).ToBeVisibleAsync();
            await Expect(ingest.Error).ToHaveCountAsync(0);
        });

        await session.StepAsync("ingest-done", async () =>
            await Expect(ingest.SubmissionStatus(eventId)).ToHaveTextAsync("done", new() { Timeout = IngestionTimeout }));

        await session.StepAsync("search-form", async () =>
        {
            await search.GotoAsync();
            await search.WaitUntilInteractiveAsync();
        });

        await session.StepAsync("search-results", async () =>
        {
            await search.SearchAsync(Question);
            await Expect(page).ToHaveURLAsync(new Regex(@"/search\?q="));
            await Expect(search.Error).ToHaveCountAsync(0);
            await Expect(search.ResultFor(eventId)).ToHaveCountAsync(1);
            await Expect(search.ResultFor(eventId)).ToContainTextAsync("Marguerite Okafor");
            await Expect(search.Answer).ToContainTextAsync("Marguerite Okafor");
            await Expect(search.Citations).ToContainTextAsync($"Event {eventId}");
        });

        await session.StepAsync("citation-opened", async () =>
        {
            await search.CitationLinks.Filter(new() { HasText = $"Event {eventId}" }).First.ClickAsync();
            await Expect(search.SourceEvent).ToContainTextAsync($"Event {eventId}");
            await Expect(search.SourceEvent).ToContainTextAsync("done");
            await Expect(search.SourcePassage).ToContainTextAsync("Marguerite Okafor");
        });

        await session.StepAsync("citation-closed", async () =>
        {
            await page.Keyboard.PressAsync("Escape");
            await Expect(search.SourceEvent).ToHaveCountAsync(0);
        });
    }
}
