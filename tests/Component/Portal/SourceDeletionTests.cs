using RagMemory.Namespaces;
using Bunit;
using MudBlazor;
using RagMemory.Identity;
using RagMemory.Ingestion;
using SearchPage = RagMemory.Portal.Components.Pages.Search;

namespace RagMemory.Tests.Portal;

/// <summary>A writer deletes the event a search result opened, from its source panel, after confirming.</summary>
[Collection(PortalTestGroup.Name)]
public sealed class SourceDeletionTests : PortalTestContext
{
    public SourceDeletionTests(EmbedderFixture embedder)
        : base(embedder) => SignIn("editor", Permissions.Read, Permissions.Write);

    [Fact]
    public async Task Deleting_from_the_source_panel_asks_first_then_the_search_no_longer_finds_the_event()
    {
        await Memory.IngestAsync("wrong", "Ada Lovelace wrote the first program for the Analytical Engine.");
        Navigation.NavigateTo("/search?q=" + Uri.EscapeDataString("Analytical Engine program"));
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<SearchPage>();
        cut.WaitForElement("[aria-label='Open event wrong']", Patience);
        cut.Find("[aria-label='Open event wrong']").Click();
        cut.WaitForElement("[aria-label='Delete event wrong']", Patience);

        cut.Find("[aria-label='Delete event wrong']").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Delete event wrong?", dialogs.Markup, StringComparison.Ordinal));
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Delete").Click();

        cut.WaitForElement("[data-testid=no-results]", Patience);
        Assert.Empty(cut.FindAll("[data-testid=source-event]"));
        Assert.Null(await Memory.Get<IngestionService>().FindStatusAsync(MemoryNamespace.Default, RecordId.FromString("wrong")));
    }
}
