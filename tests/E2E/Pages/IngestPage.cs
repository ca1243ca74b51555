using Microsoft.Playwright;

namespace RagMemory.Tests.E2E.Pages;

/// <summary>The ingestion form, file upload with progress per file, and the table of events submitted in this circuit.</summary>
public sealed class IngestPage(IPage page) : BasePage(page)
{
    public override string PagePath => "/ingestion";

    public ILocator EventId => Page.Locator("#ingest-id");

    public ILocator Text => Page.Locator("#ingest-text");

    public ILocator SubmitButton => Page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Submit", Exact = true });

    public ILocator Error => Page.GetByTestId("ingest-error");

    public ILocator Submission(string eventId) => Page.Locator($"[data-testid='submission'][data-event-id='{eventId}']");

    public ILocator SubmissionStatus(string eventId) => Submission(eventId).GetByTestId("submission-status");

    public ILocator FileInput => Page.GetByTestId("file-input");

    public ILocator Upload(string fileName) => Page.Locator($"[data-testid='upload'][data-file-name='{fileName}']");

    public ILocator UploadPhase(string fileName) => Upload(fileName).GetByTestId("upload-phase");

    public ILocator UploadProgress(string fileName) => Upload(fileName).GetByRole(AriaRole.Progressbar);

    public ILocator UploadDetail(string fileName) => Upload(fileName).GetByTestId("upload-detail");

    /// <summary>Chooses files as the file picker would, from in-memory UTF-8 texts.</summary>
    public async Task UploadAsync(params (string Name, string MimeType, string Content)[] files) =>
        await FileInput.SetInputFilesAsync(files.Select(f => new FilePayload
        {
            Name = f.Name,
            MimeType = f.MimeType,
            Buffer = System.Text.Encoding.UTF8.GetBytes(f.Content),
        }));

    public async Task SubmitAsync(string eventId, string text)
    {
        await EventId.FillAsync(eventId);
        await Text.FillAsync(text);
        await SubmitButton.ClickAsync();
    }
}
