using System.Text.RegularExpressions;
using RagMemory.Tests.E2E.Infrastructure;
using RagMemory.Tests.E2E.Pages;
using static Microsoft.Playwright.Assertions;

namespace RagMemory.Tests.E2E;

[Collection(PortalCollection.Name)]
public sealed class FileUploadJourneyTests(PortalFixture fixture, ITestOutputHelper output)
{
    /// <summary>The first ingestion may load the embedding model on a shared two-core machine: allow it time.</summary>
    private const float IngestionTimeout = 120_000;

    [Fact]
    public async Task A_writer_uploads_two_files_and_watches_each_progress_bar_reach_done()
    {
        await using var session = await fixture.StartSessionAsync(nameof(A_writer_uploads_two_files_and_watches_each_progress_bar_reach_done), output);
        var page = session.Page;
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var notes = $"notes-{suffix}.md";
        var batch = $"batch-{suffix}.jsonl";
        var ingest = new IngestPage(page);
        var search = new SearchPage(page);

        await session.SignInAsync();

        await session.StepAsync("upload-chosen", async () =>
        {
            await ingest.GotoAsync();
            await ingest.WaitUntilInteractiveAsync();
            await ingest.UploadAsync(
                (notes, "text/markdown", "# Field notes\n\nThe Okavango delta floods every winter, fed by rain that fell in Angola months before."),
                (batch, "application/jsonl", $$$"""
                    {"id": "glacier-{{{suffix}}}", "text": "The Perito Moreno glacier advances about two metres a day.", "metadata": {"region": "patagonia"}}
                    {"text": "Lake Baikal holds about a fifth of the world's unfrozen fresh surface water."}
                    """));
            await Expect(ingest.Upload(notes)).ToBeVisibleAsync();
            await Expect(ingest.Upload(batch)).ToBeVisibleAsync();
        });

        await session.StepAsync("upload-done", async () =>
        {
            await Expect(ingest.UploadPhase(notes)).ToHaveTextAsync("done", new() { Timeout = IngestionTimeout });
            await Expect(ingest.UploadPhase(batch)).ToHaveTextAsync("done", new() { Timeout = IngestionTimeout });
            await Expect(ingest.UploadProgress(batch)).ToHaveAttributeAsync("aria-valuenow", "100");
            await Expect(ingest.UploadDetail(batch)).ToContainTextAsync("2 of 2 events done");
            await Expect(page.GetByTestId("queue-panel")).ToContainTextAsync("done");
        });

        await session.StepAsync("uploaded-text-found", async () =>
        {
            await search.GotoAsync();
            await search.WaitUntilInteractiveAsync();
            await search.SearchAsync("Which glacier advances two metres a day?");
            await Expect(search.ResultFor($"glacier-{suffix}")).ToHaveCountAsync(1);
        });
    }
}
