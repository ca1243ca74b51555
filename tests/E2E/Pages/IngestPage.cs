using Microsoft.Playwright;

namespace RagMemory.Tests.E2E.Pages;

/// <summary>The ingestion form and the table of events submitted in this circuit.</summary>
public sealed class IngestPage(IPage page) : BasePage(page)
{
    public override string PagePath => "/ingestion";

    public ILocator EventId => Page.Locator("#ingest-id");

    public ILocator Text => Page.Locator("#ingest-text");

    public ILocator SubmitButton => Page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Submit", Exact = true });

    public ILocator Error => Page.GetByTestId("ingest-error");

    public ILocator Submission(string eventId) => Page.Locator($"[data-testid='submission'][data-event-id='{eventId}']");

    public ILocator SubmissionStatus(string eventId) => Submission(eventId).GetByTestId("submission-status");

    public async Task SubmitAsync(string eventId, string text)
    {
        await EventId.FillAsync(eventId);
        await Text.FillAsync(text);
        await SubmitButton.ClickAsync();
    }
}
