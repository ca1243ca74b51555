using Bunit;
using MudBlazor;
using RagMemory.Identity;
using RagMemory.Portal.Components.Pages;
using SearchPage = RagMemory.Portal.Components.Pages.Search;

namespace RagMemory.Tests.Portal;

/// <summary>What a reader sees of delete and replace: nothing to click, on the Documents page or in the Search page's source panel.</summary>
[Collection(PortalTestGroup.Name)]
public sealed class DocumentsReaderTests : PortalTestContext
{
    public DocumentsReaderTests(EmbedderFixture embedder)
        : base(embedder) => SignIn("reader", Permissions.Read);

    [Fact]
    public async Task A_reader_sees_the_documents_but_no_delete_button()
    {
        await Memory.IngestAsync("read-only", "Grace Hopper built a compiler.");

        var cut = Render<Documents>();

        cut.WaitForElement("[data-testid=document]", Patience);
        Assert.Empty(cut.FindAll("[aria-label='Delete read-only']"));
    }

    [Fact]
    public async Task A_reader_opening_a_source_event_sees_no_delete_button()
    {
        await Memory.IngestAsync("cited", "Ada Lovelace wrote the first program for the Analytical Engine.");
        Navigation.NavigateTo("/search?q=" + Uri.EscapeDataString("Analytical Engine program"));
        var cut = Render<SearchPage>();
        cut.WaitForElement("[aria-label='Open event cited']", Patience);

        cut.Find("[aria-label='Open event cited']").Click();

        cut.WaitForElement("[data-testid=source-event]", Patience);
        Assert.Empty(cut.FindAll("[aria-label='Delete event cited']"));
    }

    [Fact]
    public async Task A_reader_opening_a_document_sees_its_version_but_no_replace_button()
    {
        await Memory.IngestAsync("unchangeable", "Dorothy Vaughan taught FORTRAN.");
        var cut = Render<Documents>();
        cut.WaitForElement("[aria-label='Open event unchangeable']", Patience);

        cut.Find("[aria-label='Open event unchangeable']").Click();

        cut.WaitForAssertion(() => Assert.EndsWith("version 1", cut.Find("[data-testid=source-status]").TextContent.Trim(), StringComparison.Ordinal), Patience);
        Assert.Empty(cut.FindAll("[aria-label='Replace text of unchangeable']"));
    }
}
